package ingest

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/vatkit/vatkit/vat"
)

// Stored is the sealed content of a transaction record: the transaction
// and the reader's review reason. [AppendStored] writes it and
// [DecodeStored] reads it back.
//
// Two forms exist, told apart by the first byte:
//
//   - the binary form (see [AppendStored]) starts with a version byte
//     below 0x09, which no JSON text can start with;
//   - the JSON form, which records written before the binary form hold,
//     is a JSON object (it starts with '{'; amounts are decimal strings).
//
// Records already stored as JSON stay readable as they are: nothing
// migrates them, and DecodeStored reads both forms for as long as such
// records may exist.
type Stored struct {
	Tx     vat.Transaction `json:"tx"`
	Review string          `json:"review,omitempty"`
}

// TxnKind is the record kind [Pipeline] stores transactions under unless
// its Kind says otherwise, and the kind report.Load reads by default.
const TxnKind = "txn"

// ErrStored is the error of DecodeStored for content that is not a
// stored transaction.
var ErrStored = errors.New("ingest: malformed stored transaction")

// maxStored bounds the content DecodeStored accepts: a transaction with
// every cell at its cap stays well below it.
const maxStored = 1 << 20

// DecodeStored reads the content of a transaction record (after
// vault.Session.Open), in either form: the binary form [AppendStored]
// writes or the JSON form of records written before it. Every failure is
// ErrStored, without details: the content holds personal data.
//
// The strings of the result share memory: one allocation holds the
// transaction's business strings and another the buyer's, so that
// keeping a business string never keeps the buyer's data alive.
func DecodeStored(content []byte) (Stored, error) {
	if len(content) > maxStored {
		return Stored{}, ErrStored
	}
	if len(content) > 0 && (content[0] == storedV1 || content[0] == storedV2) {
		return decodeStoredV1(content)
	}
	return decodeStoredJSON(content)
}

// StoredKeys are the fields of a stored transaction that order and place
// it — what a report sorts a month of records by before it reads each in
// full.
type StoredKeys struct {
	Line     int
	Kind     vat.Kind
	Supply   vat.Supply
	TaxPoint time.Time
	ShipFrom vat.Country
	Source   string
	SourceID string
}

// DecodeStoredKeys reads the keys of a transaction record's content. It
// accepts exactly the content DecodeStored accepts, checking every field
// as thoroughly, but makes nothing of the amounts and the buyer's details:
// in the binary form it costs one allocation (the three strings), where
// DecodeStored makes about ten.
func DecodeStoredKeys(content []byte) (StoredKeys, error) {
	var s Stored
	var err error
	switch {
	case len(content) > maxStored:
		return StoredKeys{}, ErrStored
	case len(content) > 0 && (content[0] == storedV1 || content[0] == storedV2):
		s, err = decodeV1(content, true)
	default:
		s, err = decodeStoredJSON(content)
	}
	if err != nil {
		return StoredKeys{}, err
	}
	tx := &s.Tx
	return StoredKeys{Line: tx.Line, Kind: tx.Kind, Supply: tx.Supply, TaxPoint: tx.TaxPoint, ShipFrom: tx.ShipFrom,
		Source: tx.Source, SourceID: tx.SourceID}, nil
}

// decodeStoredJSON reads the JSON form: a Stored as encoding/json writes
// it, amounts as decimal strings, times in RFC 3339.
func decodeStoredJSON(content []byte) (Stored, error) {
	var s Stored
	if json.Unmarshal(content, &s) != nil {
		return Stored{}, ErrStored
	}
	return s, nil
}
