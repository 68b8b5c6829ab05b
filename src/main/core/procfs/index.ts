export * from './stat';
export * from './cpustat';
export * from './meminfo';
export * from './passwd';
export * from './reader';
