package vault_test

import (
	"testing"

	"github.com/vatkit/vatkit/vault"
	"github.com/vatkit/vatkit/vault/storetest"
)

func TestMemoryStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vault.Store { return new(vault.MemoryStore) })
}
