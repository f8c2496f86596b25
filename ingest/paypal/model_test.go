package paypal

import (
	"encoding/json"
	"testing"
	"time"
)

// TestDates: PayPal's spec asks for RFC 3339, real answers carry "+0000"
// without a colon (developer.paypal.com/docs/api/transaction-search/v1/
// against the answers public clients recorded); both are read, to the same
// instant, and anything else is an error that does not quote the value.
func TestDates(t *testing.T) {
	want := time.Date(2023, 11, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"PayPal +0000", `"2023-11-01T10:00:00+0000"`, true},
		{"RFC 3339 Z", `"2023-11-01T10:00:00Z"`, true},
		{"RFC 3339 offset", `"2023-11-01T11:00:00+01:00"`, true},
		{"offset without colon", `"2023-11-01T05:00:00-0500"`, true},
		{"fraction and +0000", `"2023-11-01T10:00:00.000+0000"`, true},
		{"no offset", `"2023-11-01T10:00:00"`, false},
		{"date only", `"2023-11-01"`, false},
		{"number", `1698832800`, false},
		{"garbage", `"yesterday"`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v ppTime
			err := json.Unmarshal([]byte(tc.in), &v)
			if tc.ok != (err == nil) {
				t.Fatalf("error %v", err)
			}
			if tc.ok && !v.Equal(want) {
				t.Fatalf("%v, want %v", v.Time, want)
			}
		})
	}
}

// TestMoney: values are decimal strings (or numbers) read exactly.
func TestMoney(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"string", `{"currency_code":"EUR","value":"-50.00"}`, "-50"},
		{"many digits", `{"currency_code":"EUR","value":"0.1000000000000000055511151231257827"}`, "0.1000000000000000055511151231257827"},
		{"number", `{"currency_code":"JPY","value":1234}`, "1234"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m money
			if err := json.Unmarshal([]byte(tc.in), &m); err != nil {
				t.Fatal(err)
			}
			if m.Value.String() != tc.want {
				t.Fatalf("%s", m.Value)
			}
		})
	}
}
