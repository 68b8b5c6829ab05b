// The filter language is shared with the host, which filters a client's table before it sends it.
export { parseQuery, isKernelThread } from '../../../shared/query';
