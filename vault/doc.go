// Package vault keeps a seller's data sealed under a key that only the
// seller's login can re-create.
//
// The key is never stored, in any form. At login, Argon2id turns the
// password, a random per-tenant salt and the normalised login into a root
// key; HKDF-SHA256 derives from it one subkey per purpose (record sealing,
// blind index, key check). A [KeyStore] keeps only the salt, the Argon2id
// parameters and a key-check value (an HMAC under the key-check subkey)
// that tells a wrong password apart; the [Store] keeps the sealed records.
// The subkeys live in a [Session] until it is closed; a server restart logs
// everyone out.
//
// Reach first for [New], [Vault.Enroll], [Vault.Open], then
// [Session.Seal], [Session.Put], [Session.Get] and [Session.Close]. A
// server keeps sessions in a [Manager] (tokens, idle timeout, absolute
// lifetime, janitor). Records are AES-256-GCM with random nonces, bound by
// their associated data to tenant, kind, id, period and key generation:
// moved or altered, they fail with the single error [ErrCannotOpen].
//
// Consequences of storing no data key, accepted by design:
//   - [Vault.ChangePassword] re-seals every record (streamed, resumable,
//     crash-safe: every record opens with the old or the new password at
//     any point);
//   - [Vault.Erase] deletes the records, then the salt (crypto-shredding).
//     With the key store kept apart from the record store ([Config.Keys])
//     and out of bulk backups: after an erase, no copy of the seller's
//     records — live, replicated or backed up — can be opened again, even
//     with the right password, unless a copy of the key store taken before
//     the erase still exists;
//   - a forgotten password loses the data.
//
// What is in clear in a [Store]: tenant ids, record kinds, ids and periods,
// blind-index tokens, sizes, salts, parameters and key-check values. None
// of it may carry personal data: use opaque ids.
//
// The audit log ([AuditLog]) records one PII-free event per
// security-relevant action. [Audit] ([OpenAudit]) keeps it in an
// [AuditStore] (vault/sqlstore), continued across restarts, as an
// HMAC-SHA256 chain under the operator's audit key with its newest link in
// a [HeadKeeper]: [Audit.Verify] names the first entry removed, edited,
// reordered or cut off, even when whoever did it could rewrite the store,
// and [Audit.Purge] drops entries past the retention (at least
// [MinRetention]) behind a keyed checkpoint. [MemoryAudit] is the same
// chain in memory.
package vault
