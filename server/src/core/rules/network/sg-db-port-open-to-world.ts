import type { CfnRule } from '../types';
import { DB_PORTS, portFindings, portPhrase, subject } from './ingress';

const ID = 'sg-db-port-open-to-world';

/** What an open database port lets anyone do, for the template's findings and the live scan's. */
export function dbConsequence(protocol: 'TCP' | 'UDP' | undefined): string {
  // Over UDP the listed database is memcached, whose danger is reflection more than login attempts.
  return protocol === 'UDP'
    ? 'so anyone on the internet can read the cache and use it to amplify denial-of-service attacks'
    : 'so anyone on the internet can try passwords and exploits against the database';
}

export const sgDbPortOpenToWorld: CfnRule = {
  meta: {
    id: ID,
    title: 'Security group opens a database port to the internet',
    severity: 'error',
    fix: 'none',
    e8: ['+NET'],
    anchors: [],
    language: 'cloudformation',
    docs: {
      what:
        'A security group ingress rule (inline in `AWS::EC2::SecurityGroup` or a separate `AWS::EC2::SecurityGroupIngress`) from ' +
        '`0.0.0.0/0` or `::/0` (any /0) whose TCP port range covers a database port: MongoDB 27017, MySQL 3306, PostgreSQL 5432, ' +
        'SQL Server 1433, Oracle 1521, Redis 6379, Memcached 11211, Elasticsearch/OpenSearch 9200 and 9300, Redshift 5439, ' +
        'Cassandra 9042 and 7000, CouchDB 5984, InfluxDB 8086. UDP rules count only for Memcached 11211, the one listed database ' +
        'that answers over UDP. A range such as 0-65535 is reported once, naming the database ports it includes; a rule with ' +
        '`IpProtocol: -1` is left to `sg-all-traffic-open-to-world`. A parameter\'s literal `Default` is read as its value.',
      why:
        'Internet-wide scanners find an open database port within minutes. Databases reached this way are hit with password ' +
        'guessing, exploits for unpatched engines, and ransom campaigns that copy and wipe the data (thousands of open MongoDB, ' +
        'Elasticsearch and Redis servers have been emptied this way). An open Memcached UDP port was also the amplifier of the ' +
        '2018 record DDoS attacks. A database should only be reachable from the application tier that uses it.',
      fix:
        'Allow the database port only from the security group of the clients (`SourceSecurityGroupId`), a managed prefix list ' +
        '(`SourcePrefixListId`) or a private range; reach it from outside through a bastion, Session Manager port forwarding or a ' +
        'VPN. There is no quick fix: only you know which clients need the port.',
      bad:
        'DbSg:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: database\n    SecurityGroupIngress:\n' +
        '      - IpProtocol: tcp\n        FromPort: 5432\n        ToPort: 5432\n        CidrIp: 0.0.0.0/0',
      good:
        'DbSg:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: database\n    SecurityGroupIngress:\n' +
        '      - IpProtocol: tcp\n        FromPort: 5432\n        ToPort: 5432\n        SourceSecurityGroupId: !Ref AppSg',
    },
  },
  check({ template }) {
    return portFindings(template, DB_PORTS).map(({ exposure, ports }) => {
      const { who, cidr } = subject(exposure);
      return {
        ruleId: ID,
        ...exposure.range,
        message: `${who} allows ${cidr} to ${portPhrase(exposure, ports, DB_PORTS, 'database')}, ${dbConsequence(exposure.written?.protocol)}.`,
        resource: exposure.rule.resource.logicalId,
      };
    });
  },
};
