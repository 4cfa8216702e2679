/** The HS codes the default watchlists use, in words; other codes are shown as "HS <code>". */
export const HS_NAMES: Readonly<Record<string, string>> = {
  '850511': 'permanent magnets of metal',
  '2846': 'rare-earth compounds',
  '280530': 'rare-earth metals, scandium and yttrium',
  '2805': 'alkali and rare-earth metals',
  '8505': 'electro-magnets and permanent magnets',
};

export const hsLabel = (hs: string): string => {
  const name = HS_NAMES[hs];
  return name ? `HS ${hs} (${name})` : `HS ${hs}`;
};
