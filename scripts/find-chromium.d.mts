export interface FoundChromium {
  path: string;
  source: string;
  /** A font family covering Chinese, or null (the zh screenshots then show boxes). */
  cjkFont: string | null;
}
export const CHROMIUM_ARGS: string[];
export function findChromium(): FoundChromium;
export function describeChromium(c: FoundChromium): string;
export function useChromium(opts?: { quiet?: boolean }): FoundChromium;
