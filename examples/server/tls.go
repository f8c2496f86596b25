package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// tlsConfig returns TLS 1.2 or later with the -cert/-key pair, or with a
// self-signed certificate made now.
func tlsConfig(f flags) (*tls.Config, error) {
	var cert tls.Certificate
	var err error
	if f.cert != "" {
		cert, err = tls.LoadX509KeyPair(f.cert, f.key)
	} else {
		cert, err = selfSigned(time.Now())
		if err == nil {
			fmt.Printf("self-signed certificate, SHA-256 %x\n", sha256.Sum256(cert.Certificate[0]))
		}
	}
	if err != nil {
		return nil, fmt.Errorf("server: certificate: %w", err)
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		CipherSuites: tls12Suites,
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{"h2", "http/1.1"},
	}, nil
}

// tls12Suites are the only TLS 1.2 suites served: ephemeral ECDHE key
// exchange (forward secrecy) with an AEAD cipher, for ECDSA and RSA
// certificates — the TLS 1.2 list of Mozilla's "intermediate" server
// configuration, and within NIST SP 800-52 Rev. 2 §3.3.1. Go's defaults
// would also accept CBC suites with HMAC-SHA1 (and HMAC-SHA256), which
// neither recommends. TLS 1.3 suites are not configurable in Go and are
// all AEAD.
var tls12Suites = []uint16{
	tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
}

// selfSigned makes an ECDSA P-256 certificate for localhost, 127.0.0.1 and
// ::1, valid 30 days: enough to try the server, never for production.
func selfSigned(now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "vatkit example server"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(30 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
