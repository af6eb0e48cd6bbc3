// Workflow annotations (docs/architecture.md section 6): the most severe findings on their lines in the PR's "Files
// changed" view. GitHub shows about 10 annotations per level per step, so the list is capped and ordered
// most severe first. Suppressed findings are not annotated.
import type { Finding, GateReport } from '../core/types';
import { safeDocsUrl } from './links';
import { oneLine } from './sanitize';
import { severityLabel, severityRank } from './severity';
import { blockingTest, indexTargets, placeOf, type TargetIndex } from './view';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file: string;
  startLine: number;
  endLine: number;
  /** Only when startLine === endLine (GitHub rejects columns on a multi-line range). */
  startColumn?: number;
  endColumn?: number;
}

export interface AnnotationOptions {
  /** At most this many annotations in all (default 50, GitHub's limit per job). */
  max?: number;
  /** At most this many per level (default 10, what GitHub shows per step). */
  maxPerLevel?: number;
}

/** The properties of @actions/core's annotation functions. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

/** What emitAnnotations writes to; `@actions/core` itself fits. */
export interface AnnotationSink {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

const LEVEL_RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };

function levelOf(f: Finding, blocking: boolean): AnnotationLevel {
  if (blocking) return 'error';
  return f.severity === 'SUGGESTION' ? 'notice' : 'warning';
}

function toAnnotation(f: Finding, level: AnnotationLevel, targets: TargetIndex): Annotation | undefined {
  const place = placeOf(f, targets);
  if (!place.file) return undefined;
  const startLine = Math.max(1, place.startLine ?? 1);
  const endLine = Math.max(startLine, place.endLine ?? startLine);
  const existing = f.isNew === false ? ' (already on the base branch)' : '';
  const docs = safeDocsUrl(f.learnMoreLink);
  const annotation: Annotation = {
    level,
    title: `${oneLine(f.code)}: ${severityLabel(f.severity)}${existing}`,
    message: `${oneLine(f.message)}${docs ? `\nLearn more: ${docs}` : ''}`,
    file: place.file,
    startLine,
    endLine,
  };
  if (startLine === endLine && place.startLine !== undefined && place.startColumn !== undefined) {
    annotation.startColumn = place.startColumn;
    if (place.endColumn !== undefined && place.endColumn >= place.startColumn)
      annotation.endColumn = place.endColumn;
  }
  return annotation;
}

/** Annotations for the unsuppressed findings that have a file, most severe first. */
export function toAnnotations(report: GateReport, opts: AnnotationOptions = {}): Annotation[] {
  const max = opts.max ?? 50;
  const maxPerLevel = opts.maxPerLevel ?? 10;
  const isBlocking = blockingTest(report);
  const targets = indexTargets(report);
  const candidates = report.findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ f, level: levelOf(f, isBlocking(f)) }))
    .sort(
      (a, b) =>
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        severityRank(a.f.severity) - severityRank(b.f.severity) ||
        Number(a.f.isNew === false) - Number(b.f.isNew === false),
    );
  const perLevel: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const out: Annotation[] = [];
  for (const { f, level } of candidates) {
    if (out.length >= max) break;
    if (perLevel[level] >= maxPerLevel) continue;
    const annotation = toAnnotation(f, level, targets);
    if (!annotation) continue;
    perLevel[level] += 1;
    out.push(annotation);
  }
  return out;
}

/** Writes the annotations through the sink (`core` in the action). */
export function emitAnnotations(list: readonly Annotation[], sink: AnnotationSink): void {
  for (const a of list) {
    const props: AnnotationProperties = {
      title: a.title,
      file: a.file,
      startLine: a.startLine,
      endLine: a.endLine,
    };
    if (a.startColumn !== undefined) props.startColumn = a.startColumn;
    if (a.endColumn !== undefined) props.endColumn = a.endColumn;
    sink[a.level](a.message, props);
  }
}
