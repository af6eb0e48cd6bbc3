// The terminal's colours for the CLI's text reports: SGR sequences when colour is on, plain text otherwise.
import { SEVERITIES, type Severity } from '../core/types';

export type Style = (text: string) => string;

function sgr(open: number, close: number): Style {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

export interface Palette {
  bold: Style;
  dim: Style;
  red: Style;
  green: Style;
  severity: Record<Severity, Style>;
}

const PLAIN: Style = (t) => t;

export function palette(color: boolean): Palette {
  if (!color) {
    const severity = Object.fromEntries(SEVERITIES.map((s) => [s, PLAIN])) as Record<Severity, Style>;
    return { bold: PLAIN, dim: PLAIN, red: PLAIN, green: PLAIN, severity };
  }
  const red = sgr(31, 39);
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red,
    green: sgr(32, 39),
    severity: { ERROR: red, SECURITY_WARNING: sgr(35, 39), WARNING: sgr(33, 39), SUGGESTION: sgr(36, 39) },
  };
}
