package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"

	"golang.org/x/crypto/argon2"
)

// HKDF-SHA256 labels (the "info" of RFC 5869), one per purpose, so that no
// key is ever used for two algorithms or two jobs.
const (
	labelSeal  = "vatkit/vault/v1/record-seal"
	labelIndex = "vatkit/vault/v1/blind-index"
	labelCheck = "vatkit/vault/v1/key-check"
)

const (
	saltSize  = 32 // random bytes per tenant and key generation
	keySize   = 32 // root key and every subkey (AES-256, HMAC-SHA256)
	checkSize = sha256.Size
)

// keySet is what a session holds: the subkeys of one tenant and one key
// generation. The root key and the key-check subkey are wiped as soon as the
// check value is computed.
type keySet struct {
	redacted
	tenant  string
	gen     uint32
	aead    cipher.AEAD
	sealKey []byte
	index   *indexer
}

// deriveRoot runs Argon2id over the password with salt ‖ normalised login.
// The salt has a fixed length, so the concatenation is unambiguous.
func deriveRoot(password, salt []byte, login string, p Params) []byte {
	in := make([]byte, 0, len(salt)+len(login))
	in = append(append(in, salt...), login...)
	return argon2.IDKey(password, in, p.Time, p.MemoryKiB, p.Threads, keySize)
}

// expandKeys derives the subkeys from root and returns them with the key
// check value of (tenant, gen). It wipes root.
func expandKeys(root []byte, tenant string, gen uint32) (*keySet, []byte, error) {
	defer wipe(root)
	sub := func(label string) ([]byte, error) { return hkdf.Expand(sha256.New, root, label, keySize) }
	sealKey, err := sub(labelSeal)
	if err != nil {
		return nil, nil, err
	}
	indexKey, err := sub(labelIndex)
	if err != nil {
		return nil, nil, err
	}
	checkKey, err := sub(labelCheck)
	if err != nil {
		return nil, nil, err
	}
	defer wipe(checkKey)
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return nil, nil, err
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, nil, err
	}
	ks := &keySet{tenant: tenant, gen: gen, aead: aead, sealKey: sealKey, index: newIndexer(indexKey)}
	wipe(indexKey)
	return ks, checkValue(checkKey, tenant, gen), nil
}

// checkValue is HMAC-SHA256 of a fixed label, the tenant and the generation
// under the key-check subkey. It reveals nothing about the other subkeys
// (HKDF outputs under distinct labels are independent) and lets a wrong
// password be told apart without trying to open a record.
func checkValue(checkKey []byte, tenant string, gen uint32) []byte {
	m := hmac.New(sha256.New, checkKey)
	m.Write([]byte(labelCheck))
	m.Write(lengthPrefixed(nil, tenant))
	m.Write(binary.BigEndian.AppendUint32(nil, gen))
	return m.Sum(nil)
}

// wipe clears the key bytes the set owns. The AES key schedule inside
// crypto/aes cannot be reached from here; dropping the last reference to
// the cipher is all that can be done for it.
func (k *keySet) wipe() {
	if k == nil {
		return
	}
	wipe(k.sealKey)
	k.index.wipe()
	k.aead = nil
}

// lengthPrefixed appends a 2-byte big-endian length and s. Strings longer
// than 65535 bytes are refused earlier (see checkName).
func lengthPrefixed(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...)
}
