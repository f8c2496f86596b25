// Command breachgen writes the vault's embedded list of breached passwords
// (vault/breached.bin) from a password list, one password a line, plain or
// gzipped. generate.sh runs it on the published corpus the vault ships:
//
//	go generate ./vault
//
// Each line is folded as the vault folds a new password (NFKC, lower
// case); a line with white space is also stored without it, as the vault
// compares passwords with and without their spaces. Empty lines and lines
// longer than 1024 bytes (no password can be) are skipped.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vatkit/vatkit/vault/internal/breach"
)

func main() {
	in := flag.String("in", "", "password list, one per line (.gz allowed)")
	out := flag.String("out", "breached.bin", "file to write")
	flag.Parse()
	n, err := run(*in, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "breachgen:", err)
		os.Exit(1)
	}
	fmt.Printf("breachgen: %d entries written to %s\n", n, *out)
}

func run(in, out string) (int, error) {
	f, err := os.Open(in)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	entries, err := read(f)
	if err != nil {
		return 0, err
	}
	data, err := breach.Encode(entries)
	if err != nil {
		return 0, err
	}
	l, err := breach.Parse(data)
	if err != nil {
		return 0, err
	}
	return l.Len(), os.WriteFile(out, data, 0o644)
}

// read returns the folded entries of a list, gunzipping it if needed.
func read(r io.Reader) ([][]byte, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		br = bufio.NewReader(zr)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(nil, 1<<20)
	var entries [][]byte
	for sc.Scan() {
		line := bytes.TrimRight(sc.Bytes(), "\r")
		if len(line) == 0 || len(line) > 1024 {
			continue
		}
		folded := breach.Fold(line)
		entries = append(entries, folded)
		if compact := bytes.Join(bytes.Fields(folded), nil); len(compact) != len(folded) && len(compact) > 0 {
			entries = append(entries, compact)
		}
	}
	return entries, sc.Err()
}
