// The same dated runtime table and severities as the template rule, compared with the scan's clock:
// information within 180 days of deprecation, warning once deprecated, error once updates are blocked.
import { lambdaRuntime, runtimeStatus, successorOf } from '../../../core/data/lambda-runtimes';
import { describeRuntime, RUNTIME_SEVERITY, runtimeConsequence } from '../../../core/rules/compute/lambda-runtime-deprecated';
import { liveRule } from '../../scan/model';
import { FUNCTION_KIND, type FunctionState } from './functions';

export const lambdaRuntimeDeprecatedLive = liveRule<FunctionState>('lambda-runtime-deprecated', FUNCTION_KIND, (state, { now }) => {
  // Unknown runtime strings (newer than the table, or custom) are left alone, as in templates.
  const runtime = state.runtime === undefined ? undefined : lambdaRuntime(state.runtime);
  if (!runtime) return [];
  const status = runtimeStatus(runtime, now);
  if (status === 'supported') return [];
  const aging = { runtime, status };
  const successor = successorOf(runtime, now);
  const move = successor ? ` Move it to ${successor.id} after testing the code there.` : '';
  return [
    {
      severity: RUNTIME_SEVERITY[status],
      message: `Function ${state.ref.name} uses runtime ${describeRuntime(aging)}, ${runtimeConsequence(aging, now, false)}.${move}`,
      evidence: {
        Runtime: runtime.id,
        deprecated: runtime.deprecated,
        ...(runtime.updateBlocked ? { updateBlocked: runtime.updateBlocked } : {}),
        ...(successor ? { successor: successor.id } : {}),
      },
    },
  ];
});
