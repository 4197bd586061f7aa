// AWS APIs hand tags over as lists of `{Key, Value}`; a resource's ref keeps them as a record, where
// the scanner reads the `aws:cloudformation:*` ones.

export function tagRecord(list: ReadonlyArray<{ readonly Key?: string | undefined; readonly Value?: string | undefined }> | undefined): Readonly<Record<string, string>> {
  return Object.fromEntries((list ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? '']));
}
