package vault

import (
	"errors"
	"fmt"
)

// Sentinel errors. Branch on them with [errors.Is]; none of their messages,
// nor those of the typed errors below, ever carries a login, a password, a
// key or a record's content.
var (
	// ErrWrongCredentials is returned when the login or the password does not
	// match, and also when the tenant is unknown, so that a caller cannot tell
	// which logins exist. Nothing is changed when it is returned.
	ErrWrongCredentials = errors.New("vault: wrong login or password")

	// ErrCannotOpen is the one error for every failure to open a sealed
	// record: truncated, altered, moved to another row, kind or tenant,
	// sealed under another key or another key generation. It says nothing
	// about which check failed.
	ErrCannotOpen = errors.New("vault: record cannot be opened")

	// ErrNotFound is returned by a [Store] for a tenant or record that does
	// not exist.
	ErrNotFound = errors.New("vault: not found")

	// ErrExists is returned by [Store.CreateTenant] and [Vault.Enroll] when
	// the tenant already exists.
	ErrExists = errors.New("vault: tenant already exists")

	// ErrDuplicateLine is returned by [Store.PutRecord] when another record
	// of the tenant and kind holds the same blind index (line identity).
	ErrDuplicateLine = errors.New("vault: another record holds the same line")

	// ErrConflict is returned by [Store.UpdateTenant] when the stored
	// revision is not the one the caller read: someone else changed it.
	ErrConflict = errors.New("vault: tenant changed concurrently")

	// ErrSessionClosed is returned by every method of a closed [Session]:
	// closed by the caller, by a password change, by an erase or by the
	// [Manager] when it expired.
	ErrSessionClosed = errors.New("vault: session closed")

	// ErrNoSession is returned by [Manager.Session] for a token that names
	// no live session (unknown, logged out or expired).
	ErrNoSession = errors.New("vault: no such session")

	// ErrWeakPassword is matched by every [*PolicyError].
	ErrWeakPassword = errors.New("vault: password refused by policy")

	// ErrParams is matched by every [*ParamsError].
	ErrParams = errors.New("vault: key derivation parameters out of bounds")

	// ErrTenantCorrupt is returned when stored tenant metadata is malformed
	// (wrong salt or check length, impossible generations).
	ErrTenantCorrupt = errors.New("vault: stored tenant metadata is malformed")

	// ErrChangeIncomplete is returned by [Vault.Open], after the password
	// was verified, while a password change of the tenant has not finished
	// (the process stopped mid-way). Call [Vault.ChangePassword] again with
	// the same old and new passwords to finish it.
	ErrChangeIncomplete = errors.New("vault: a password change is incomplete; repeat it to finish")

	// ErrBusy is returned by [Vault.Open], [Vault.ChangePassword] and
	// [Vault.Erase] while a password change or an erase of the same tenant
	// runs in this process. Try again later.
	ErrBusy = errors.New("vault: tenant busy with a password change or erase")

	// ErrInvalidName is returned for an empty or over-long tenant, kind or
	// id, or a period that is not "YYYY-MM". The message does not quote the
	// value.
	ErrInvalidName = errors.New("vault: invalid tenant, kind, id or period")

	// ErrWrongTenant is returned by [Session.Put] for a record whose Tenant
	// is not the session's.
	ErrWrongTenant = errors.New("vault: record belongs to another tenant")

	// ErrEraseIncomplete is no longer returned: [Vault.Enroll] finishes an
	// interrupted erase of the same tenant id itself.
	//
	// Deprecated: kept so that code testing for it still compiles.
	ErrEraseIncomplete = errors.New("vault: an erase of this tenant is incomplete; repeat it first")
)

// PolicyError tells why a new password was refused. Reason is a fixed
// phrase; it never quotes the password or the login.
type PolicyError struct {
	Reason string
}

func (e *PolicyError) Error() string { return "vault: password refused: " + e.Reason }

// Is makes errors.Is(err, ErrWeakPassword) true.
func (e *PolicyError) Is(target error) bool { return target == ErrWeakPassword }

// ParamsError tells which bound a set of key derivation parameters broke.
// Stored parameters above the ceiling are refused before any derivation, so
// a tampered store cannot make a login cost unbounded memory or time.
type ParamsError struct {
	Field string // "memory", "time", "threads" or "version"
	Value uint64
	Min   uint64
	Max   uint64
}

func (e *ParamsError) Error() string {
	return fmt.Sprintf("vault: argon2id %s %d outside [%d, %d]", e.Field, e.Value, e.Min, e.Max)
}

// Is makes errors.Is(err, ErrParams) true.
func (e *ParamsError) Is(target error) bool { return target == ErrParams }
