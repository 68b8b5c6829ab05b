export * from './stat';
export * from './cpustat';
export * from './meminfo';
export * from './passwd';
export * from './reader';
export * from './syscalls';
export * from './wait-reason';
export * from './wait-reader';
