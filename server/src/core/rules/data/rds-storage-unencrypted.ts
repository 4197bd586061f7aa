import { ensurePath } from '../../cfn/edit';
import { get, type MapNode, type Node } from '../../cfn/model';
import type { Resource } from '../../cfn/template';
import type { CfnRule, CheckFinding } from '../types';
import { everyBranchOf, isTrue, literal } from '../../cfn/template';
import { badProperty, isSet, literalLeaf, resourceRange } from './util';

/**
 * Properties that make a resource take its encryption from elsewhere: the cluster it joins, the
 * snapshot or backup it is restored from, or the source it replicates. Such a resource is not
 * judged on its own `StorageEncrypted`.
 */
const INHERITED: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBInstance': [
    'DBClusterIdentifier',
    'DBSnapshotIdentifier',
    'DBClusterSnapshotIdentifier',
    'SourceDBInstanceIdentifier',
    'SourceDBClusterIdentifier',
    'SourceDbiResourceId',
    'SourceDBInstanceAutomatedBackupsArn',
  ],
  'AWS::RDS::DBCluster': ['SnapshotIdentifier', 'SourceDBClusterIdentifier', 'ReplicationSourceIdentifier', 'GlobalClusterIdentifier'],
};

const KIND: Readonly<Record<string, string>> = {
  'AWS::RDS::DBInstance': 'DB instance',
  'AWS::RDS::DBCluster': 'DB cluster',
};

/**
 * True unless every branch of `node` is a literal (or not written) for which `encrypted` is false:
 * a `Ref`, a parameter or any other intrinsic may name an engine that encrypts, so it counts as one.
 */
function mayEncrypt(node: Node | null | undefined, encrypted: (value: string) => boolean): boolean {
  return !everyBranchOf(node, (n) => {
    if (!n || (n.kind === 'scalar' && !n.tag && n.value === null)) return !encrypted('');
    const value = literal(n);
    return value ? !encrypted(String(value.value)) : 'unknown';
  });
}

/**
 * Aurora Serverless v1 clusters are always encrypted; Aurora instances follow their cluster; RDS
 * Custom instances (`custom-*` engines) cannot be created without a KMS key.
 */
function encryptedByEngine(resource: Resource, props: MapNode | undefined): boolean {
  if (resource.type === 'AWS::RDS::DBCluster') return mayEncrypt(get(props, 'EngineMode'), (mode) => mode.toLowerCase() === 'serverless');
  return mayEncrypt(get(props, 'Engine'), (engine) => /^(aurora|custom-)/i.test(engine));
}

function inherits(resource: Resource): boolean {
  const props = resource.properties;
  if (!resource.propertiesPair?.value || !props) return false;
  return (INHERITED[resource.type] ?? []).some((key) => isSet(get(props, key))) || encryptedByEngine(resource, props);
}

export const rdsStorageUnencrypted: CfnRule = {
  meta: {
    id: 'rds-storage-unencrypted',
    title: 'RDS storage not encrypted',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['BK'],
    anchors: ['F26', 'F27', 'CKV_AWS_16', 'RDS_STORAGE_ENCRYPTED', 'RDS.3'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::RDS::DBInstance` or `AWS::RDS::DBCluster` without `StorageEncrypted: true`. Resources that take their ' +
        'encryption from elsewhere are not reported: an instance in a cluster (`DBClusterIdentifier`), on an Aurora engine or on RDS Custom, ' +
        'anything restored from a snapshot or backup or created as a replica, a cluster in a global database, and Aurora ' +
        'Serverless v1 clusters, which are always encrypted.',
      why:
        'Unencrypted storage leaves the data, its automated backups, snapshots and read replicas readable to anyone who gets ' +
        'hold of a copy: a snapshot shared by mistake, or a copy made with broad account access. With encryption, every copy ' +
        'also needs the KMS key, whose use can be limited and is logged.',
      fix:
        'Set `StorageEncrypted: true` (optionally with `KmsKeyId` for a customer managed key). The quick fix adds it and is ' +
        'unsafe: encryption can only be chosen when a database is created, so on an existing stack CloudFormation replaces ' +
        'the database with a new, empty one and deletes the old one. To keep the data, snapshot the database, copy the ' +
        'snapshot with encryption, and restore from the encrypted copy (`DBSnapshotIdentifier` or `SnapshotIdentifier`).',
      bad: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    DBInstanceClass: db.t4g.micro',
      good: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    DBInstanceClass: db.t4g.micro\n    StorageEncrypted: true',
    },
  },
  check(ctx) {
    const { template } = ctx;
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      const kind = KIND[resource.type];
      if (!kind || inherits(resource)) continue;
      if (!badProperty(resource, ['StorageEncrypted'], (leaf) => !isTrue(leaf))) continue;
      const id = resource.logicalId;
      const leaf = literalLeaf(resource.properties, ['StorageEncrypted']);
      out.push({
        ruleId: 'rds-storage-unencrypted',
        ...resourceRange(template.doc.text, resource, ['StorageEncrypted']),
        message: leaf
          ? `${kind} ${id} turns storage encryption off, so its data, backups and snapshots are readable without a KMS key.`
          : `${kind} ${id} does not encrypt its storage, so its data, backups and snapshots are readable without a KMS key.`,
        resource: id,
        fix: {
          title: `Encrypt the storage of ${kind} ${id} (replaces the database: data is lost unless restored from a snapshot)`,
          safety: 'unsafe',
          edits: () => {
            const edit = ensurePath(template.doc, ctx.style, resource.node, ['Properties', 'StorageEncrypted'], true);
            return edit ? [edit] : null;
          },
        },
      });
    }
    return out;
  },
};
