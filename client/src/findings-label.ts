// What a finding's row in the Findings view says, kept free of the vscode module so it is unit
// tested. The rule id and line come first, where a narrow side bar does not cut them off; the
// message, which is long, follows as the description and in full in the tooltip.

export interface FindingRow {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

/** `line` is 0-based, as in a diagnostic's range; the row shows it 1-based, as editors do. */
export function findingRow(ruleId: string, line: number, message: string): FindingRow {
  const where = `line ${line + 1}`;
  return {
    label: ruleId ? `${ruleId} · ${where}` : where,
    description: message,
    tooltip: ruleId ? `${ruleId} (${where}): ${message}` : `${where}: ${message}`,
  };
}
