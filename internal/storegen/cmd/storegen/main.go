// Command storegen writes a SQLite store holding a generated seller
// history of -rows transactions (see package storegen), for the build
// benchmark at sizes that are not generated on the fly:
//
//	go run ./internal/storegen/cmd/storegen -rows 10000000 -out /tmp/vatkit-10m.db
//	VATKIT_BENCH_BUILD_DB=/tmp/vatkit-10m.db go test ./report -run '^$' -bench BuildFromSQLite -benchtime 1x
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/vatkit/vatkit/internal/storegen"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "transactions to generate")
	out := flag.String("out", "", "SQLite file to create (must not exist)")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "storegen: -out is required")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintln(os.Stderr, "storegen: the file exists already")
		os.Exit(2)
	}
	if err := run(*out, *rows, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "storegen:", err)
		os.Exit(1)
	}
}

func run(path string, rows int, seed uint64) error {
	ctx := context.Background()
	store, s, err := storegen.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	defer s.Close()
	start, last := time.Now(), time.Now()
	err = storegen.Write(ctx, store, s, rows, seed, func(n int) {
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			fmt.Fprintf(os.Stderr, "storegen: %d rows, %.0f rows/s\n", n, float64(n)/time.Since(start).Seconds())
		}
	})
	if err == nil {
		fmt.Fprintf(os.Stderr, "storegen: %d rows in %s\n", rows, time.Since(start).Round(time.Second))
	}
	return err
}
