import { duration, integer } from './raw-values.js';

// Small readers for the option registry's rows, built from the raw-value readers.

/** A flag given alone is true; absent, false. */
export const isSet = (value: unknown): boolean => value === true;
/** Text taken as given (commander's), or null when absent. */
export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const durationOf =
  (min: number) =>
  (value: unknown, key: string): number =>
    duration(value, key, min);
export const integerOf =
  (min: number) =>
  (value: unknown, key: string): number =>
    integer(value, key, min);
/** The CI gate's and replay's counts may be written with spaces around them. */
export const trimmedIntegerOf =
  (min: number) =>
  (value: unknown, key: string): number =>
    integer(typeof value === 'string' ? value.trim() : value, key, min);
/** Keys a config file may hold for tools and people, read by neither. */
export const notRead = (value: unknown): unknown => value;
