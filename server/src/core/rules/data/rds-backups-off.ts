import { replaceScalar } from '../../cfn/edit';
import { get, getPair } from '../../cfn/model';
import type { CfnRule, CheckFinding } from '../types';
import { literal, numberOf } from '../../cfn/template';
import { badProperty, isSet, resourceRange } from './util';

/** A week of automated backups: enough to notice most mistakes, well inside the 35-day maximum. */
const DAYS = 7;

/**
 * Instances whose retention is not theirs to set: Aurora instances follow their cluster, and read
 * replicas rely on their source's backups (0 is their usual value).
 */
const NOT_OWN = ['DBClusterIdentifier', 'SourceDBInstanceIdentifier', 'SourceDBClusterIdentifier'] as const;

export const rdsBackupsOff: CfnRule = {
  meta: {
    id: 'rds-backups-off',
    title: 'RDS automated backups turned off',
    severity: 'warning',
    fix: 'unsafe',
    e8: ['BK'],
    anchors: ['W75', 'DB_INSTANCE_BACKUP_ENABLED'],
    language: 'cloudformation',
    docs: {
      what:
        'An `AWS::RDS::DBInstance` with `BackupRetentionPeriod: 0` (as a number or a string), which turns automated backups ' +
        'off. Instances in a cluster and read replicas are not reported: their backups are the cluster\'s or the source\'s.',
      why:
        'With a retention of 0 there are no automated backups and no point-in-time restore, so a dropped table, a bad ' +
        'migration or ransomware inside the database cannot be undone; most engines also refuse read replicas of it. Aurora and ' +
        'Multi-AZ clusters always keep at least a day, so only instances can be left without.',
      fix:
        `Set \`BackupRetentionPeriod\` to a number of days, up to 35; the quick fix sets ${DAYS}. It is unsafe: changing the ` +
        'retention from 0 to a positive value causes an immediate outage of the instance (as does the reverse), so apply it ' +
        'in a maintenance window. Backup storage beyond the size of the database is charged.',
      bad: 'Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: mysql\n    BackupRetentionPeriod: 0',
      good: `Db:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: mysql\n    BackupRetentionPeriod: ${DAYS}`,
    },
  },
  check({ template }) {
    const out: CheckFinding[] = [];
    for (const resource of template.resources) {
      if (resource.type !== 'AWS::RDS::DBInstance') continue;
      if (NOT_OWN.some((key) => isSet(get(resource.properties, key)))) continue;
      if (!badProperty(resource, ['BackupRetentionPeriod'], (leaf) => numberOf(leaf) === 0)) continue;
      const pair = getPair(resource.properties, 'BackupRetentionPeriod');
      const scalar = literal(pair?.value);
      const id = resource.logicalId;
      out.push({
        ruleId: 'rds-backups-off',
        ...resourceRange(template.doc.text, resource, ['BackupRetentionPeriod']),
        message: `DB instance ${id} keeps no automated backups (retention 0 days), so data lost by mistake or to an attack cannot be restored.`,
        resource: id,
        fix: {
          title: `Keep automated backups of DB instance ${id} for ${DAYS} days (causes an outage when applied)`,
          safety: 'unsafe',
          edits: () => (scalar && numberOf(scalar) === 0 ? [replaceScalar(template.doc, scalar, DAYS)] : null),
        },
      });
    }
    return out;
  },
};
