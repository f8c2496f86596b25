package vault

// Params are the Argon2id cost parameters of one tenant key. They are stored
// in clear beside the salt, so that the cost can be raised later without
// breaking existing tenants.
type Params struct {
	// Version names the whole derivation scheme: version 1 is Argon2id
	// (RFC 9106, algorithm version 0x13) over password and salt ‖ normalised
	// login, then HKDF-SHA256 subkeys with the "vatkit/vault/v1/..." labels.
	Version uint8
	// MemoryKiB is the Argon2 memory in KiB (65536 = 64 MiB).
	MemoryKiB uint32
	// Time is the number of Argon2 passes.
	Time uint32
	// Threads is the Argon2 parallelism (lanes).
	Threads uint8
}

// DefaultParams are RFC 9106 §4's second recommended option (64 MiB, t=3,
// p=4), which Bitwarden also uses by default. About 70 ms per derivation on a
// 2-vCPU server. A zero Config.Params means these; the variable is a copy
// for reference, and changing it changes nothing.
var DefaultParams = defaultParams()

func defaultParams() Params { return Params{Version: 1, MemoryKiB: 64 * 1024, Time: 3, Threads: 4} }

// Floor and Ceiling bound every parameter set the vault accepts.
//
// The floor is the OWASP Password Storage Cheat Sheet's minimum for Argon2id
// (19 MiB, t=2, p=1): [New] refuses to enrol below it and [Vault.Open]
// refuses stored parameters below it. The ceiling follows the ranges
// Bitwarden accepts (memory up to 1 GiB, t up to 10, p up to 16): stored
// parameters above it are refused before any derivation, so whoever can
// write the store cannot make a login cost unbounded memory or time.
//
// The bounds in force are fixed in code: these variables are copies for
// reference, and changing them changes nothing. No configuration lowers
// the floor; only this package's own tests do, through an unexported
// field, to keep them fast.
var (
	Floor   = productionBounds().lo
	Ceiling = productionBounds().hi
)

// bounds is the pair of limits in force for one Vault.
type bounds struct{ lo, hi Params }

func productionBounds() bounds {
	return bounds{
		lo: Params{Version: 1, MemoryKiB: 19 * 1024, Time: 2, Threads: 1},
		hi: Params{Version: 1, MemoryKiB: 1024 * 1024, Time: 10, Threads: 16},
	}
}

// check returns a *ParamsError for the first field outside the bounds.
func (b bounds) check(p Params) error {
	fields := []struct {
		name        string
		v, min, max uint64
	}{
		{"version", uint64(p.Version), uint64(b.lo.Version), uint64(b.hi.Version)},
		{"memory", uint64(p.MemoryKiB), uint64(b.lo.MemoryKiB), uint64(b.hi.MemoryKiB)},
		{"time", uint64(p.Time), uint64(b.lo.Time), uint64(b.hi.Time)},
		{"threads", uint64(p.Threads), uint64(b.lo.Threads), uint64(b.hi.Threads)},
	}
	for _, f := range fields {
		if f.v < f.min || f.v > f.max {
			return &ParamsError{Field: f.name, Value: f.v, Min: f.min, Max: f.max}
		}
	}
	return nil
}

// atLeast returns p raised field by field to no less than q: the cost of a
// tenant's derivation only ever goes up.
func (p Params) atLeast(q Params) Params {
	p.Version = max(p.Version, q.Version)
	p.MemoryKiB = max(p.MemoryKiB, q.MemoryKiB)
	p.Time = max(p.Time, q.Time)
	p.Threads = max(p.Threads, q.Threads)
	return p
}
