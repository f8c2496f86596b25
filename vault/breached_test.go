package vault

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBreachedPasswordsSize: the embedded list holds every distinct folded
// password of the corpus (at least the 100,000 the policy promises) in
// 3 bytes each plus the bucket table.
func TestBreachedPasswordsSize(t *testing.T) {
	l := embeddedList()
	assert.Equal(t, 415097, l.Len())
	assert.Equal(t, 6+4+65536+3*415097, len(breachedList))
}

// TestBreachedSample: passwords taken from the corpus (testdata) are all
// refused as commonly used, whatever their case.
func TestBreachedSample(t *testing.T) {
	sample := readLines(t, "testdata/breached-sample.txt")
	require.GreaterOrEqual(t, len(sample), 90)
	for _, pw := range sample {
		for _, variant := range []string{pw, strings.ToUpper(pw)} {
			err := CheckPassword([]byte(variant), "someone@example.com")
			var pe *PolicyError
			if assert.ErrorAs(t, err, &pe, "a password of the corpus was accepted (line %q)", pw) {
				assert.Contains(t, pe.Reason, "commonly used password")
			}
		}
	}
}

// TestBreachedFalsePositives: of 100,000 random 16-character passwords (a
// fixed seed), at most 2 collide with the list's 40-bit hashes. The
// expected number is 100,000 × 415,097 / 2⁴⁰ ≈ 0.04 (this seed meets one:
// "nzwx!d%@#pu2d#6t" shares its hash with "norfolk"); 3 or more would mean
// the hashes are not spread as they should be.
func TestBreachedFalsePositives(t *testing.T) {
	const alphabet = "abcdefghijkmnopqrstuvwxyz23456789!#%&*+-=?@"
	rng := rand.New(rand.NewPCG(18, 800063))
	l := BreachedPasswords()
	pw := make([]byte, 16)
	collisions := 0
	for range 100000 {
		for i := range pw {
			pw[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if l.Contains(pw) {
			collisions++
		}
	}
	assert.LessOrEqual(t, collisions, 2)
}

// recordingList is a host's own list: it refuses what it holds and
// records how often it was asked.
type recordingList struct {
	refuse string
	calls  int
}

func (r *recordingList) Contains(p []byte) bool {
	r.calls++
	return string(p) == r.refuse
}

// TestPolicyOwnList: a host's list replaces the embedded one.
func TestPolicyOwnList(t *testing.T) {
	own := &recordingList{refuse: "plum harbour violin 42"}
	err := PasswordPolicy{Breached: own}.Check([]byte("Plum Harbour Violin 42"), "x")
	assert.ErrorIs(t, err, ErrWeakPassword)
	assert.Positive(t, own.calls)

	// On the embedded list, but not on the host's: accepted.
	const corpus = "gankutsuou1989"
	require.Error(t, CheckPassword([]byte(corpus), "x"))
	assert.NoError(t, PasswordPolicy{Breached: &recordingList{}}.Check([]byte(corpus), "x"))
}

// TestVaultUsesItsPolicy: enrolment and password change apply
// Config.Policy.
func TestVaultUsesItsPolicy(t *testing.T) {
	v, err := New(Config{Policy: PasswordPolicy{Breached: &recordingList{refuse: "plum harbour violin 42"}}})
	require.NoError(t, err)
	err = v.Enroll(t.Context(), "t1", "someone", []byte("plum harbour violin 42"))
	assert.ErrorIs(t, err, ErrWeakPassword)
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	require.NoError(t, sc.Err())
	return lines
}

// BenchmarkCheckPassword: the whole policy on an accepted passphrase.
func BenchmarkCheckPassword(b *testing.B) {
	pw := []byte("plum harbour violin 42")
	b.ReportAllocs()
	for b.Loop() {
		if err := CheckPassword(pw, "someone@example.com"); err != nil {
			b.Fatal(err)
		}
	}
}
