package wait_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vatkit/vatkit/internal/wait"
)

func TestSleep(t *testing.T) {
	start := time.Now()
	if err := wait.Sleep(context.Background(), 20*time.Millisecond); err != nil || time.Since(start) < 20*time.Millisecond {
		t.Fatalf("Sleep returned %v after %v", err, time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := wait.Sleep(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("Sleep with a deadline returned %v after %v", err, time.Since(start))
	}
}

func TestJitter(t *testing.T) {
	for range 1000 {
		if j := wait.Jitter(100 * time.Millisecond); j < 50*time.Millisecond || j > 100*time.Millisecond {
			t.Fatalf("Jitter(100ms) = %v", j)
		}
	}
}
