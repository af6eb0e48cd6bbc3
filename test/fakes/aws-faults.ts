// The fault core of the AWS fakes (Access Analyzer and IAM): per-call hook first, then the fault rules; the
// transport part (latency, delay, dropped connection, raw answer) the same for both; a service error sent
// the service's way (restJson1 or awsQuery). Each fake supplies only how it names and sends an error.
import type { ServerResponse } from 'node:http';
import {
  applyTransportFault,
  FaultRules,
  type ParsedRequest,
  type Rule,
  type TransportFault,
} from './http-server';

/** A fault of an AWS fake: an error of the service's model, or a transport fault. */
export interface AwsFault<ErrorName extends string> extends TransportFault {
  /** Answer with this error of the service's model. */
  error?: ErrorName;
  message?: string;
}

export interface AwsFaultCore<Call, Fault> {
  /** Add fault rules; the first matching rule with uses left wins. */
  injectFaults(...rules: Rule<Call, Fault>[]): void;
  clearFaults(): void;
  /**
   * Applies the fault for this call, the hook's if it names one, else the rules' (consuming a use): waits
   * out latency and delay, drops or answers. True when the request has been answered and the fake must not.
   */
  answer(call: Call, req: ParsedRequest, res: ServerResponse): Promise<boolean>;
}

export function awsFaultCore<
  Call extends { requestId: string },
  ErrorName extends string,
  Fault extends AwsFault<ErrorName>,
>(service: {
  /** The fake's options object, read at each call (tests change hook and latency while the fake runs). */
  options: { hook?: ((call: Call) => Fault | undefined) | undefined; latencyMs?: number | undefined };
  /** Content type of a raw answer that names none. */
  contentType: string;
  sendError(res: ServerResponse, fault: Fault & { error: ErrorName }, call: Call): void;
}): AwsFaultCore<Call, Fault> {
  const rules = new FaultRules<Call, Fault>();
  return {
    injectFaults: (...r) => rules.add(...r),
    clearFaults: () => rules.clear(),
    answer: async (call, req, res) => {
      const fault = service.options.hook?.(call) ?? rules.take(call);
      const answer = { requestId: call.requestId, contentType: service.contentType };
      if (await applyTransportFault(fault, service.options.latencyMs, req, res, answer)) return true;
      if (fault?.error === undefined) return false;
      service.sendError(res, fault as Fault & { error: ErrorName }, call);
      return true;
    },
  };
}
