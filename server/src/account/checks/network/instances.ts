// EC2 instances that exist (pending, running, stopping, stopped), one state each, with the
// metadata service settings DescribeInstances reports. Terminated instances are left out by the
// call's filter: they can no longer be reached, and they linger in listings for an hour.
import { DescribeInstancesCommand, EC2Client, type Instance } from '@aws-sdk/client-ec2';
import type { Collector, LiveState, ScanContext } from '../../scan/model';
import { tagRecord } from '../../scan/tags';

export interface InstanceState extends LiveState {
  readonly instanceId: string;
  /** `State.Name`: pending, running, stopping or stopped. */
  readonly stateName: string | null;
  /** `MetadataOptions.HttpTokens` (`optional`, `required`) and `HttpEndpoint` (`enabled`, `disabled`); null when not reported. */
  readonly httpTokens: string | null;
  readonly httpEndpoint: string | null;
}

const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

function instanceState(ctx: Pick<ScanContext, 'partition' | 'region' | 'account'>, instance: Instance, owner: string | undefined): InstanceState | undefined {
  const id = instance.InstanceId;
  if (!id) return undefined;
  const tags = tagRecord(instance.Tags);
  return {
    ref: {
      arn: `arn:${ctx.partition}:ec2:${ctx.region}:${owner ?? ctx.account}:instance/${id}`,
      name: id,
      region: ctx.region,
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    },
    instanceId: id,
    stateName: instance.State?.Name ?? null,
    httpTokens: instance.MetadataOptions?.HttpTokens ?? null,
    httpEndpoint: instance.MetadataOptions?.HttpEndpoint ?? null,
  };
}

export const instancesCollector: Collector = {
  title: 'EC2 instances',
  scope: 'regional',
  rules: ['ec2-imdsv1-allowed'],
  async collect(ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const pages = ctx.pages(
      'ec2:DescribeInstances',
      `instances in ${ctx.region}`,
      (token, o) =>
        ec2.send(
          new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }], MaxResults: 1000, ...(token ? { NextToken: token } : {}) }),
          o,
        ),
      (page) => page.NextToken || undefined,
    );
    for await (const page of pages) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          const state = instanceState(ctx, instance, reservation.OwnerId);
          if (state) ctx.evaluate('ec2-instance', state);
        }
      }
    }
  },
};
