/**
 * What the public may see of a person. The status page is reachable by anyone who
 * holds the QR, so only a masked name is shown: the first letter of each word.
 */
import { cleanText } from './text.js';

export function maskName(fullName: string): string {
  return cleanText(fullName)
    .split(' ')
    .filter(Boolean)
    .map((word) => `${Array.from(word)[0] ?? ''}***`)
    .join(' ');
}
