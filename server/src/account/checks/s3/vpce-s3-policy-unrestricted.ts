import { openStatement } from '../../../core/rules/compute/vpce-s3-policy-unrestricted';
import { liveRule } from '../../scan/model';
import { VPC_ENDPOINT, type VpcEndpointState } from './endpoints';
import { policyNode, sidOf } from './policy-json';

export const vpceS3PolicyUnrestrictedLive = liveRule<VpcEndpointState>('vpce-s3-policy-unrestricted', VPC_ENDPOINT, ({ ref, vpcId, endpointType, serviceName, policy }) => {
  if (policy === null) return [];
  const where = vpcId ? `VPC ${vpcId}` : 'the VPC';
  const endpoint = { ServiceName: serviceName, VpcEndpointType: endpointType, VpcId: vpcId };
  if (policy === 'none') {
    return [
      {
        message: `VPC endpoint ${ref.name} to S3 has no policy, so the default lets anything in ${where} copy data out to a bucket someone else owns.`,
        evidence: { ...endpoint, PolicyDocument: null },
      },
    ];
  }
  const open = openStatement(policyNode(policy));
  if (open === undefined || open === 'unknown') return [];
  return [
    {
      message: `VPC endpoint ${ref.name} lets requests reach S3 buckets of any account (no s3:ResourceAccount condition), so anything in ${where} can copy data out to a bucket someone else owns.`,
      evidence: { ...endpoint, Statement: { Sid: sidOf(open), Action: open.actions ?? null, Resource: open.resources ?? null } },
    },
  ];
});
