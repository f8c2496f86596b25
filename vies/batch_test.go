package vies

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vies/viestest"
)

// batchCountries have simple all-digit formats, so that numbers can be made
// up by count; check digits may fail, which Check allows.
var batchCountries = []struct {
	prefix string
	digits int
}{
	{"DE", 9}, {"DK", 8}, {"FI", 8}, {"HU", 8}, {"LU", 8},
	{"MT", 8}, {"PL", 10}, {"PT", 9}, {"SI", 8}, {"EE", 9},
}

// madeUpNumbers returns perCountry distinct numbers for each of the first
// countries of batchCountries.
func madeUpNumbers(t testing.TB, countries, perCountry int) []vat.Number {
	t.Helper()
	var out []vat.Number
	for _, bc := range batchCountries[:countries] {
		for i := range perCountry {
			s := fmt.Sprintf("%s1%0*d", bc.prefix, bc.digits-1, i*7+1)
			n, err := vat.ParseNumber(s)
			if n.IsZero() {
				t.Fatalf("ParseNumber(%q): %v", s, err)
			}
			out = append(out, n)
		}
	}
	return out
}

func TestCheckBatch(t *testing.T) {
	srv := newFake(t)
	srv.SetDefault(viestest.Valid("", ""))
	de, fr, cz := mustNumber(t, numDE), mustNumber(t, numFR), mustNumber(t, numCZ)
	srv.Set(numFR, viestest.Invalid())
	srv.FailCountry("CZ", viestest.Fault("MS_UNAVAILABLE"))
	c := newClient(srv, SOAP)
	input := []vat.Number{de, fr, cz, de, {}, fr, de}
	var mu sync.Mutex
	var progress [][2]int
	out := c.CheckBatch(context.Background(), input, WithProgress(func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		progress = append(progress, [2]int{done, total})
	}))
	if len(out) != len(input) {
		t.Fatalf("%d results for %d inputs", len(out), len(input))
	}
	for i, want := range []struct {
		valid bool
		err   error
	}{{true, nil}, {false, nil}, {false, ErrUnavailable}, {true, nil}, {false, ErrInvalidInput}, {false, nil}, {true, nil}} {
		got := out[i]
		if !errors.Is(got.Err, want.err) || got.Result.Valid != want.valid {
			t.Errorf("input %d: %+v, want valid=%v err=%v", i, got, want.valid, want.err)
		}
		if got.Err == nil && got.Result.Number != input[i] {
			t.Errorf("input %d: result for %v", i, got.Result.Number)
		}
	}
	// CZ is retried; DE and FR are asked once each.
	if want := 2 + 1 + DefaultMaxRetries; srv.Calls() != want {
		t.Errorf("calls = %d, want %d", srv.Calls(), want)
	}
	if len(progress) != 4 || progress[3] != [2]int{4, 4} {
		t.Errorf("progress = %v, want 4 calls ending at 4/4", progress)
	}
}

// TestCheckBatchWithinCaps scales down the performance target
// (BenchmarkCheckBatch times it in full): every distinct number asked once,
// and every member state kept exactly at its cap, never above it. Wall-clock
// time is left to the benchmark: on a shared machine it measures the load.
func TestCheckBatchWithinCaps(t *testing.T) {
	const (
		countries, perCountry, stateCap = 10, 15, 5
		// Long enough that every state's five calls are in flight together
		// even when the race detector and a busy machine slow the client
		// down: the test checks the caps are used, not the speed.
		latency = time.Second
	)
	srv := newFake(t)
	srv.SetDefault(viestest.Valid("", ""))
	srv.SetLatency(latency)
	srv.SetCountryCap(stateCap)
	numbers := madeUpNumbers(t, countries, perCountry)
	numbers = append(numbers, numbers[:45]...) // repeats
	c := newClient(srv, SOAP)
	c.PerCountry = stateCap
	c.MaxRetries = -1            // a refusal by the cap must show as an error
	c.Timeout = 10 * time.Second // 50 calls at once under -race on a busy machine: the caps are checked, not the speed
	c.HTTPClient = nil           // the default keeps enough idle connections for 50 parallel calls
	out := c.CheckBatch(context.Background(), numbers)
	for i, r := range out {
		if r.Err != nil || !r.Result.Valid {
			t.Fatalf("input %d: %+v", i, r)
		}
	}
	if srv.Calls() != countries*perCountry {
		t.Errorf("calls = %d, want %d", srv.Calls(), countries*perCountry)
	}
	for _, bc := range batchCountries[:countries] {
		if got := srv.Peak(bc.prefix); got != stateCap {
			t.Errorf("%s: at most %d checks at once, want the cap of %d", bc.prefix, got, stateCap)
		}
	}
}

func TestCheckBatchCancelled(t *testing.T) {
	srv := newFake(t)
	srv.SetDefault(viestest.Answer{Hang: true})
	c := newClient(srv, SOAP)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	out := c.CheckBatch(ctx, madeUpNumbers(t, 2, 6))
	for i, r := range out {
		if !errors.Is(r.Err, ErrUnavailable) {
			t.Errorf("input %d: %+v, want ErrUnavailable", i, r)
		}
	}
}
