package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"
)

// TestTransient classifies the errors the drivers return, as their
// messages and types are, wrapped as the store wraps them.
func TestTransient(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	tests := []struct {
		name             string
		err              error
		retried, repeats bool // isTransient (the store retries), Transient (the host may repeat)
	}{
		{"nil", nil, false, false},
		{"Galera certification conflict", errors.New("Error 1213 (40001): Deadlock found when trying to get lock; try restarting transaction"), true, true},
		{"lock wait timeout", errors.New("Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction"), true, true},
		{"node not in the primary component", errors.New("Error 1047 (08S01): WSREP has not yet prepared node for application use"), true, true},
		{"duplicate key", errors.New("Error 1062 (23000): Duplicate entry 'x' for key 'PRIMARY'"), false, false},
		{"SQLite busy", errors.New("database is locked (5) (SQLITE_BUSY)"), true, true},
		{"server down", refused, false, true},
		{"connection dropped", driver.ErrBadConn, false, true},
		{"connection dropped mid-query", errors.New("invalid connection"), false, true},
		{"cancelled", context.Canceled, false, false},
		{"syntax", errors.New("Error 1064 (42000): You have an error in your SQL syntax"), false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err
			if err != nil {
				err = wrap("op", fmt.Errorf("inner: %w", err))
			}
			if got := isTransient(err); got != tc.retried {
				t.Errorf("isTransient = %v, want %v", got, tc.retried)
			}
			if got := Transient(err); got != tc.repeats {
				t.Errorf("Transient = %v, want %v", got, tc.repeats)
			}
		})
	}
}

// TestRetryingStops: a transient failure is retried up to retries times, a
// lasting one not at all, and a cancelled context ends the pauses.
func TestRetryingStops(t *testing.T) {
	conflict := errors.New("Error 1213 (40001): Deadlock found")
	calls := 0
	err := retrying(context.Background(), func() error { calls++; return conflict })
	if !errors.Is(err, conflict) || calls != retries {
		t.Errorf("always conflicting: %d calls, %v; want %d and the conflict", calls, err, retries)
	}
	calls = 0
	err = retrying(context.Background(), func() error {
		calls++
		if calls < 3 {
			return conflict
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Errorf("conflicting twice: %d calls, %v; want 3 and success", calls, err)
	}
	calls = 0
	other := errors.New("Error 1062 (23000): Duplicate entry")
	if err := retrying(context.Background(), func() error { calls++; return other }); !errors.Is(err, other) || calls != 1 {
		t.Errorf("lasting failure: %d calls, %v; want 1", calls, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	err = retrying(ctx, func() error { calls++; cancel(); return conflict })
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("cancelled: %d calls, %v; want 1 and context.Canceled", calls, err)
	}
}
