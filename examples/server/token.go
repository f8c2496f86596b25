package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// operatorTokenEnv names the environment variable that may hold the
// operator token. Like -operator-token-file it keeps the token out of the
// command line, which every local user can read (ps, /proc/PID/cmdline);
// the environment is readable by the same user and root only.
const operatorTokenEnv = "VATKIT_OPERATOR_TOKEN"

// Bounds of an operator token, in bytes: at least 16 (a guessable token
// would open the statistics to anyone), at most 4096 (it travels in a
// header).
const minOperatorToken, maxOperatorToken = 16, 4096

// loadOperatorToken returns the operator token from the one source given:
// -operator-token-file, the environment variable operatorTokenEnv, or
// -operator-token. With none, it makes a random one and says so
// (generated), for the caller to keep with keepOperatorToken. Two sources at once are refused,
// since one of them would be silently ignored. Errors never quote the
// token.
func loadOperatorToken(f flags, lookupEnv func(string) (string, bool)) (tok string, generated bool, err error) {
	env, inEnv := lookupEnv(operatorTokenEnv)
	given := 0
	for _, set := range []bool{f.operatorFile != "", inEnv, f.operator != ""} {
		if set {
			given++
		}
	}
	switch {
	case given > 1:
		return "", false, errors.New("server: give the operator token one way: -operator-token-file, " +
			operatorTokenEnv + " or -operator-token")
	case f.operatorFile != "":
		tok, err = readTokenFile(f.operatorFile)
	case inEnv:
		tok = strings.TrimSpace(env)
	case f.operator != "":
		tok = f.operator
	default:
		return rand.Text(), true, nil
	}
	if err == nil {
		err = checkToken(tok)
	}
	return tok, false, err
}

// keepOperatorToken writes a generated operator token to the file
// operator-token in dir, readable by this user only, and returns its path:
// printed, the token would stay in whatever keeps the server's output (a
// terminal's scroll-back, the system journal, a container's log).
func keepOperatorToken(dir, tok string) (string, error) {
	path := filepath.Join(dir, "operator-token")
	// A new file, so that the mode of an earlier one never applies.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("server: keeping the generated operator token: %w", err)
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("server: keeping the generated operator token: %w", err)
	}
	_, err = fh.WriteString(tok + "\n")
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("server: keeping the generated operator token: %w", err)
	}
	return path, nil
}

// readTokenFile reads a token file, without the line end an editor or
// `echo` adds.
func readTokenFile(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("server: -operator-token-file: %w", err)
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxOperatorToken+2))
	if err != nil {
		return "", fmt.Errorf("server: -operator-token-file: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// checkToken refuses a token that is too short or too long, or that holds
// a character a bearer token cannot carry in a header.
func checkToken(tok string) error {
	if len(tok) < minOperatorToken || len(tok) > maxOperatorToken {
		return fmt.Errorf("server: the operator token must be %d to %d bytes long", minOperatorToken, maxOperatorToken)
	}
	for _, c := range []byte(tok) {
		if c <= ' ' || c >= 0x7f {
			return errors.New("server: the operator token must be printable ASCII without spaces")
		}
	}
	return nil
}
