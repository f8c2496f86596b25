package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vault"
)

// The seller's facts are one record of the seller's vault, sealed like
// every upload: the server cannot read them without the seller's session.
const (
	sellerKind = "seller"
	sellerID   = "facts"
)

// getSeller answers the seller's facts as saved (vat.Seller's JSON); 404
// before the first PUT.
func (s *server) getSeller(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	facts, err := loadSeller(r.Context(), ses)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		fail(w, http.StatusNotFound, "You have not saved your seller facts yet.")
	case err != nil:
		s.internal(w, r, "seller", err)
	default:
		writeJSON(w, http.StatusOK, facts)
	}
}

// putSeller replaces the seller's facts with the body, a vat.Seller JSON
// object, and answers them as saved. Facts that are not valid are 400 with
// the field named; nothing is saved then.
func (s *server) putSeller(w http.ResponseWriter, r *http.Request, ses *vault.Session, _ string) {
	var raw json.RawMessage
	if err := readJSON(w, r, &raw); err != nil {
		failBody(w, err)
		return
	}
	var facts vat.Seller
	if err := json.Unmarshal(raw, &facts); err != nil {
		// vat's messages name the field and never repeat the input.
		fail(w, http.StatusBadRequest, sellerFactsMessage(err))
		return
	}
	content, err := json.Marshal(facts)
	if err != nil {
		s.internal(w, r, "seller", err)
		return
	}
	rec, err := ses.Seal(sellerKind, sellerID, "", content)
	clear(content)
	if err == nil {
		err = ses.Put(r.Context(), rec)
	}
	if err != nil {
		s.internal(w, r, "seller", err)
		return
	}
	writeJSON(w, http.StatusOK, facts)
}

// loadSeller opens the seller's facts; vault.ErrNotFound when none were
// saved.
func loadSeller(ctx context.Context, ses *vault.Session) (vat.Seller, error) {
	content, err := ses.Get(ctx, sellerKind, sellerID)
	if err != nil {
		return vat.Seller{}, err
	}
	defer clear(content)
	var facts vat.Seller
	if err := json.Unmarshal(content, &facts); err != nil {
		return vat.Seller{}, fmt.Errorf("server: the stored seller facts do not decode: %w", err)
	}
	return facts, nil
}

// errOtherMSID is a report asked for a member state of identification
// that the seller's facts contradict.
var errOtherMSID = errors.New("server: the seller facts name another member state of identification")

// sellerForReport returns the seller a report is built for: the saved
// facts, identified in home, and whether the build infers the warehouses:
// when the facts name none, every country the transactions show goods
// leaving from is one (Art 59c(1)(b)); when they name some, another such
// country is a review entry of the return. Without saved facts,
// assumedSeller, whose warehouses are inferred. Facts nobody gave that
// the return depends on (last year's total, a VAT number of a dispatch
// state) are review entries of the return, never silent.
func sellerForReport(ctx context.Context, ses *vault.Session, home vat.Country) (vat.Seller, bool, error) {
	facts, err := loadSeller(ctx, ses)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return assumedSeller(home), true, nil
	case err != nil:
		return vat.Seller{}, false, err
	}
	// A seller established in the Union is identified where it is
	// established (Art 369a(2)); the facts say where that is.
	if id := facts.OSS.MemberState; id != "" && id != home {
		return vat.Seller{}, false, errOtherMSID
	}
	if facts.Established == "" {
		facts.Established = home
	}
	facts.OSS.MemberState = home
	return facts, len(facts.Warehouses) == 0, nil
}
