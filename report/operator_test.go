package report_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vault"
)

// Every field an operator report can hold, walked by reflection: only
// counts, sizes, times, flags and the few strings that are opaque ids or
// names the code itself defines. A field of any other type — a decimal
// amount, a VAT number, a byte slice, a free string — fails the test, so
// that no one can add personal data or amounts to the operators' view.
func TestOperatorTypesHoldNoPersonalData(t *testing.T) {
	allowedStrings := map[string]bool{
		"TenantUsage.Tenant": true, // opaque tenant id (vault: never personal data)
		"KindCount.Kind":     true, // record kind, chosen by code ("txn")
		"EventCount.Type":    true, // vault.EventType, a constant
	}
	timeType := reflect.TypeOf(time.Time{})
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, path string) {
		if typ == timeType {
			return
		}
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				name := typ.Name() + "." + f.Name
				if f.Type.Kind() == reflect.String {
					if !allowedStrings[name] {
						t.Errorf("%s (%s) is a string field not known to be PII-free", path+"."+f.Name, name)
					}
					continue
				}
				walk(f.Type, path+"."+f.Name)
			}
		case reflect.Slice:
			if typ.Elem().Kind() == reflect.Uint8 {
				t.Errorf("%s is a byte slice", path)
				return
			}
			walk(typ.Elem(), path+"[]")
		case reflect.Int, reflect.Int64, reflect.Bool:
		default:
			t.Errorf("%s has type %s, which an operator report must not hold", path, typ)
		}
	}
	walk(reflect.TypeOf(report.OperatorReport{}), "OperatorReport")
	walk(reflect.TypeOf(report.OwnerSummary{}), "OwnerSummary")
}

// A real vault with a seller's sealed personal data and amounts, an audit
// log of its activity: the operator report counts it all and contains
// none of it.
func TestOperatorReport(t *testing.T) {
	ctx := context.Background()
	store := &vault.MemoryStore{}
	audit := &vault.MemoryAudit{}
	v, err := vault.New(vault.Config{Store: store, Params: vault.Floor, Audit: audit})
	if err != nil {
		t.Fatal(err)
	}
	pw := []byte("correct horse battery staple 42")
	if err := v.Enroll(ctx, "t-1", "seller@example.com", pw); err != nil {
		t.Fatal(err)
	}
	s, err := v.Open(ctx, "t-1", "seller@example.com", pw)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	secret := `{"buyer":"Erika Mustermann","email":"erika@example.com","vat":"DE136308783","net":"1234.56"}`
	for _, id := range []string{"a", "b"} {
		rec, err := s.Seal("txn", id, "2026-07", []byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Put(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	for _, e := range []vault.Event{{Time: now, Tenant: "t-1", Type: vault.EventUpload, Count: 2},
		{Time: now, Tenant: "t-1", Type: vault.EventVIESCheck, Count: 3},
		{Time: now.Add(-200 * 24 * time.Hour), Tenant: "t-1", Type: vault.EventVIESCheck, Count: 9}} {
		if err := audit.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	op := report.Operator{Store: store}
	r, err := op.Build(ctx, []string{"t-1"}, audit.Entries(), now.Add(-90*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	u := r.Tenants[0]
	if u.Records != 2 || len(u.Kinds) != 1 || u.Kinds[0].Records != 2 || u.SealedBytes <= int64(2*len(secret)) ||
		u.Uploads != 1 || u.RowsStored != 2 || u.Logins != 1 {
		t.Errorf("usage = %+v", u)
	}
	if r.VIES != (report.VIESStats{Checks: 1, Numbers: 3, Tenants: 1}) {
		t.Errorf("VIES = %+v (the check before since must not count)", r.VIES)
	}
	if got, ok := r.ForTenant("t-1"); !ok || got.Records != 2 {
		t.Errorf("support view = %+v, %v", got, ok)
	}
	if _, ok := r.ForTenant("t-2"); ok {
		t.Error("support view of an unknown tenant")
	}
	if o := r.Owner(); o.Tenants != 1 || o.Records != 2 || o.ActiveTenants != 1 || o.VIES.Numbers != 3 {
		t.Errorf("owner view = %+v", o)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, pii := range []string{"Erika", "erika@", "DE136308783", "1234.56", "seller@example.com"} {
		if strings.Contains(string(out), pii) {
			t.Errorf("the operator report contains %q", pii)
		}
	}
}
