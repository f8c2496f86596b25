package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// rsaPair writes a self-signed RSA certificate for 127.0.0.1 and its key
// as PEM files, as an operator passes them with -cert and -key.
func rsaPair(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
	return certFile, keyFile
}

// handshakes serves TLS handshakes with cfg on a loopback port until the
// test ends, and returns the address.
func handshakes(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	tl := tls.NewListener(ln, cfg)
	go func() {
		for {
			c, err := tl.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				c.(*tls.Conn).Handshake()
			}()
		}
	}()
	return ln.Addr().String()
}

// TestTLS12SuitesAEADOnly offers the server every TLS 1.2 suite Go
// knows, one per handshake over loopback, with an ECDSA and with an RSA
// certificate: a suite is accepted only when it has an ephemeral ECDHE key
// exchange and an AEAD cipher (AES-GCM or ChaCha20-Poly1305) and matches
// the certificate; every other one (CBC with SHA-1 or SHA-256, RC4, 3DES,
// static RSA key exchange) is refused.
func TestTLS12SuitesAEADOnly(t *testing.T) {
	certFile, keyFile := rsaPair(t)
	for _, srv := range []struct {
		name string
		f    flags
	}{{"ECDSA", flags{}}, {"RSA", flags{cert: certFile, key: keyFile}}} {
		cfg, err := tlsConfig(srv.f)
		if err != nil {
			t.Fatal(err)
		}
		addr := handshakes(t, cfg)
		for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
			if !slices.Contains(s.SupportedVersions, tls.VersionTLS12) {
				continue
			}
			aead := strings.Contains(s.Name, "_GCM_") || strings.Contains(s.Name, "_CHACHA20_POLY1305")
			want := aead && strings.HasPrefix(s.Name, "TLS_ECDHE_"+srv.name+"_")
			t.Run(srv.name+"/"+s.Name, func(t *testing.T) {
				d := &net.Dialer{Timeout: 5 * time.Second}
				c, err := tls.DialWithDialer(d, "tcp", addr, &tls.Config{InsecureSkipVerify: true,
					MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS12, CipherSuites: []uint16{s.ID}})
				if err == nil {
					c.Close()
				}
				switch {
				case want && err != nil:
					t.Errorf("refused: %v", err)
				case !want && err == nil:
					t.Error("accepted")
				}
			})
		}
	}
}
