export { RunStore, DEFAULT_CAP_BYTES, parseJournal, type JournalRecord, type RunStoreOptions } from './run-store';
export { newRunId, isRunId, RUN_ID_RE } from './run-id';
export { machineInfo } from './machine';
export { defaultDataDir, runsDir } from './data-dir';
export { buildComparison, compareRow, seriesOf, cpuTime, wallMs, workersOf, coresUsed } from './compare';
export { planModelBatch, modelsFromParams, type PlannedRun } from './model-batch';
