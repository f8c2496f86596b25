package sqlstore

import (
	"fmt"
	"regexp"
)

// Option changes how [New] and [Open] set a Store up, and which SQL
// [Migrations] and [Schema] return.
type Option func(*config)

type config struct {
	prefix  string
	migrate bool
	bulk    BulkCopier
}

// WithTablePrefix names the store's tables and indexes prefix+"tenants",
// prefix+"records", prefix+"staged", prefix+"schema" and so on, instead of
// starting them with [DefaultTablePrefix]: for a host with naming rules of
// its own, or several stores in one database. The prefix is ASCII letters,
// digits and underscores, starts with a letter or an underscore and is at
// most 32 bytes, so that every name stays within PostgreSQL's and MySQL's
// limits. Every Store on one database must use the same prefix.
func WithTablePrefix(prefix string) Option { return func(c *config) { c.prefix = prefix } }

// WithoutMigration leaves the schema to the host: New creates and alters
// nothing and only checks that the database holds exactly the schema
// version this code needs ([SchemaVersion]; [ErrSchema] otherwise). Create
// and upgrade the schema with the SQL of [Migrations] or [Schema] in the
// host's own migration tool.
func WithoutMigration() Option { return func(c *config) { c.migrate = false } }

var validPrefix = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,31}$`)

// configure applies opts to the defaults: the default prefix, migrating
// at open.
func configure(opts []Option) (config, error) {
	c := config{prefix: DefaultTablePrefix, migrate: true}
	for _, o := range opts {
		o(&c)
	}
	if !validPrefix.MatchString(c.prefix) {
		return c, fmt.Errorf("sqlstore: table prefix %q: use 1 to 32 ASCII letters, digits or underscores, not starting with a digit", c.prefix)
	}
	d := sqlDialect{prefix: c.prefix}
	for _, stem := range tableStems {
		if once := d.prefixed(DefaultTablePrefix + stem); d.prefixed(once) != once {
			return c, fmt.Errorf("sqlstore: table prefix %q: it must not start with %q followed by a table name", c.prefix, DefaultTablePrefix)
		}
	}
	return c, nil
}
