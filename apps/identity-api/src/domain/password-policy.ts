/**
 * What a new password must satisfy. Length is what matters (NIST SP 800-63B): at least 8
 * characters, at most 128 (argon2 hashes anything, the cap only bounds the work per request),
 * and not the email address itself. No composition rules: they make passwords worse.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`Password must have at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`Password must have at most ${PASSWORD_MAX_LENGTH} characters.`);
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) problems.push('Password must not be your email address.');
  return problems;
}
