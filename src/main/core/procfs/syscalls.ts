/**
 * The system calls a blocked thread is classified by, per architecture. Only the calls that
 * block matter; any other number is reported as "syscall N". x86_64 numbers are its own table;
 * aarch64 uses the generic (asm-generic/unistd.h) table, which has no select/poll/epoll_wait.
 */
export type BlockingCall =
  | 'read'
  | 'write'
  | 'readv'
  | 'writev'
  | 'pread64'
  | 'pwrite64'
  | 'preadv'
  | 'recvfrom'
  | 'recvmsg'
  | 'recvmmsg'
  | 'sendto'
  | 'sendmsg'
  | 'accept'
  | 'accept4'
  | 'connect'
  | 'poll'
  | 'ppoll'
  | 'select'
  | 'pselect6'
  | 'epoll_wait'
  | 'epoll_pwait'
  | 'epoll_pwait2'
  | 'nanosleep'
  | 'clock_nanosleep'
  | 'futex'
  | 'futex_waitv'
  | 'wait4'
  | 'waitid'
  | 'flock'
  | 'fcntl'
  | 'pause'
  | 'rt_sigsuspend'
  | 'rt_sigtimedwait'
  | 'msgrcv'
  | 'semop'
  | 'semtimedop'
  | 'restart_syscall';

export type SyscallArch = 'x64' | 'arm64';

const X64: Record<number, BlockingCall> = {
  0: 'read',
  1: 'write',
  7: 'poll',
  17: 'pread64',
  18: 'pwrite64',
  19: 'readv',
  20: 'writev',
  23: 'select',
  34: 'pause',
  35: 'nanosleep',
  42: 'connect',
  43: 'accept',
  44: 'sendto',
  45: 'recvfrom',
  46: 'sendmsg',
  47: 'recvmsg',
  61: 'wait4',
  65: 'semop',
  69: 'msgrcv',
  72: 'fcntl',
  73: 'flock',
  128: 'rt_sigtimedwait',
  130: 'rt_sigsuspend',
  202: 'futex',
  219: 'restart_syscall',
  220: 'semtimedop',
  230: 'clock_nanosleep',
  232: 'epoll_wait',
  247: 'waitid',
  270: 'pselect6',
  271: 'ppoll',
  281: 'epoll_pwait',
  288: 'accept4',
  295: 'preadv',
  299: 'recvmmsg',
  441: 'epoll_pwait2',
  449: 'futex_waitv',
};
const ARM64: Record<number, BlockingCall> = {
  22: 'epoll_pwait',
  25: 'fcntl',
  32: 'flock',
  63: 'read',
  64: 'write',
  65: 'readv',
  66: 'writev',
  67: 'pread64',
  68: 'pwrite64',
  69: 'preadv',
  72: 'pselect6',
  73: 'ppoll',
  95: 'waitid',
  98: 'futex',
  101: 'nanosleep',
  115: 'clock_nanosleep',
  128: 'restart_syscall',
  133: 'rt_sigsuspend',
  137: 'rt_sigtimedwait',
  188: 'msgrcv',
  192: 'semtimedop',
  193: 'semop',
  202: 'accept',
  203: 'connect',
  206: 'sendto',
  207: 'recvfrom',
  211: 'sendmsg',
  212: 'recvmsg',
  242: 'accept4',
  243: 'recvmmsg',
  260: 'wait4',
  441: 'epoll_pwait2',
  449: 'futex_waitv',
};

export function syscallName(arch: SyscallArch, nr: number): BlockingCall | null {
  return (arch === 'x64' ? X64 : ARM64)[nr] ?? null;
}

/** The architecture whose table applies to processes on this machine, or null (then wchan only). */
export function hostSyscallArch(): SyscallArch | null {
  return process.arch === 'x64' || process.arch === 'arm64' ? process.arch : null;
}
