// S3 VPC endpoints (gateway and interface) of one region, with their endpoint policies.
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { S3_SERVICE } from '../../../core/rules/compute/vpce-s3-policy-unrestricted';
import type { Collector, LiveState } from '../../scan/model';
import { parsePolicy, type JsonObject } from './policy-json';
import { tagRecord } from '../../scan/tags';

export const VPC_ENDPOINT = 'vpc-endpoint';

export interface VpcEndpointState extends LiveState {
  readonly vpcId: string | null;
  /** `Gateway` or `Interface`. */
  readonly endpointType: string | null;
  readonly serviceName: string;
  /** The endpoint policy, parsed: `none` when the endpoint reports none, null when it is not a JSON object. */
  readonly policy: JsonObject | 'none' | null;
}

/** Endpoints on their way out, or never accepted: their policy lets nothing through any more. */
const GONE = new Set(['deleting', 'deleted', 'rejected', 'failed', 'expired']);

export const vpcEndpointsCollector: Collector = {
  title: 'S3 VPC endpoints',
  scope: 'regional',
  rules: ['vpce-s3-policy-unrestricted'],
  async collect(ctx) {
    const ec2 = ctx.client(EC2Client, 'EC2');
    const names = [`com.amazonaws.${ctx.region}.s3`, `cn.com.amazonaws.${ctx.region}.s3`];
    const pages = ctx.pages(
      'ec2:DescribeVpcEndpoints',
      `VPC endpoints of account ${ctx.account} in ${ctx.region}`,
      (token, o) => ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'service-name', Values: names }], MaxResults: 1000, ...(token ? { NextToken: token } : {}) }), o),
      (page) => page.NextToken || undefined,
    );
    for await (const page of pages) {
      for (const endpoint of page.VpcEndpoints ?? []) {
        const id = endpoint.VpcEndpointId;
        const serviceName = endpoint.ServiceName ?? '';
        if (!id || !S3_SERVICE.test(serviceName) || GONE.has((endpoint.State ?? '').toLowerCase())) continue;
        const owner = endpoint.OwnerId ?? ctx.account;
        const tags = tagRecord(endpoint.Tags);
        const state: VpcEndpointState = {
          ref: { arn: `arn:${ctx.partition}:ec2:${ctx.region}:${owner}:vpc-endpoint/${id}`, name: id, region: ctx.region, tags },
          vpcId: endpoint.VpcId ?? null,
          endpointType: endpoint.VpcEndpointType ?? null,
          serviceName,
          policy: endpoint.PolicyDocument === undefined || endpoint.PolicyDocument === '' ? 'none' : parsePolicy(endpoint.PolicyDocument),
        };
        ctx.evaluate(VPC_ENDPOINT, state);
      }
    }
  },
};
