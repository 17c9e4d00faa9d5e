/**
 * The keys of the two staff-search indexes a signature carries: byEmail (`EMAIL#<email key>`)
 * and byIp (`IP#<ip key>`), each sorted by `<created_at>#<id>`, so a sysadmin can find an
 * address's signatures on every petition without naming one. Both keys are the keyed hash
 * (shared/hash-key.ts) under the key of the signature's petition, the one its email key already
 * uses: a search therefore hashes the value under every key the secret still holds. They are
 * written with the signature item (no extra call) and removed when it is anonymised or deleted.
 */
import { keyedHash, keyedHashesUnderEveryKey } from "../hash-key.ts";
import type { SignatureRecord } from "./model.ts";

/** The attributes an anonymised or deleted signature loses, for an update's REMOVE clause. */
export const SEARCH_INDEX_ATTRIBUTES = "byEmailPK, byEmailSK, byIpPK, byIpSK";

const IP_PURPOSE = "search-ip";
const ipText = (ip: string) => ip.trim().toLowerCase();
const emailPk = (hash: string) => `EMAIL#${hash.slice(0, 22)}`;
const ipPk = (hash: string) => `IP#${hash.slice(0, 22)}`;

/** The index keys of a signature whose email key (shared/signatures/tokens.ts) is `emailKey`. */
export function searchIndexKeys(record: SignatureRecord, emailKey: string) {
  const sk = `${record.created_at}#${record.id}`;
  return {
    byEmailPK: `EMAIL#${emailKey}`,
    byEmailSK: sk,
    ...(record.ip
      ? { byIpPK: ipPk(keyedHash(IP_PURPOSE, ipText(record.ip), record.petition_id)), byIpSK: sk }
      : {}),
  };
}

/** The byEmail partitions a canonical address may have been written under, one per live key. */
export const emailSearchPartitions = (canonicalEmail: string): string[] => [
  ...new Set(keyedHashesUnderEveryKey("petitions", canonicalEmail).map(emailPk)),
];

/** The byIp partitions an IP address may have been written under, one per live key. */
export const ipSearchPartitions = (ip: string): string[] => [
  ...new Set(keyedHashesUnderEveryKey(IP_PURPOSE, ipText(ip)).map(ipPk)),
];
