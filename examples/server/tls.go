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
	// TLS 1.2 with the Go defaults offers only AEAD suites with forward
	// secrecy; TLS 1.3 suites are not configurable and all fine.
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{cert},
		NextProtos:   []string{"h2", "http/1.1"},
	}, nil
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
