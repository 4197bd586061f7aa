import { httpListenerMessage } from '../../../core/rules/edge/elb-listener-http';
import { liveRule } from '../../scan/model';
import { listenerLabel, type ListenerState } from './listeners';

/**
 * A listener on plain HTTP: a warning when its default action serves the request, information
 * when it redirects to HTTPS, as in templates. Listener rules are not read, as in templates.
 */
export const elbListenerHttpLive = liveRule<ListenerState>('elb-listener-http', 'elb-listener', (state) => {
  if (state.protocol?.toUpperCase() !== 'HTTP') return [];
  const redirects = state.defaultActions.some((a) => a.type.toLowerCase() === 'redirect' && a.redirectProtocol?.toUpperCase() === 'HTTPS');
  const evidence = {
    Protocol: state.protocol,
    Port: state.port,
    DefaultActions: state.defaultActions.map((a) => (a.redirectProtocol !== null ? { Type: a.type, RedirectProtocol: a.redirectProtocol } : { Type: a.type })),
    Scheme: state.scheme,
  };
  const who = listenerLabel(state);
  if (redirects) return [{ severity: 'information', message: httpListenerMessage(who, '', 'redirect'), evidence }];
  return [{ message: httpListenerMessage(who, '', 'plain'), evidence }];
});
