package main

import (
	"net"
	"net/netip"
	"sync"
)

// The connection caps' defaults (-max-conns, -max-conns-per-client): a
// browser holds one HTTP/2 connection, or six HTTP/1.1 ones, per server;
// 64 leave room for an office behind one address.
const (
	defaultMaxConns          = 1024
	defaultMaxConnsPerClient = 64
)

// limitListener caps the connections a server holds open: at most max in
// all, and at most perClient from one client (see clientOf). When the
// server is full, Accept waits for a connection to close, so new clients
// queue in the kernel's backlog rather than in this process; a client past
// its own cap has its new connection closed at once. Without the caps,
// connections that send nothing until their header timeout, or idle
// keep-alive ones, could be opened until the process runs out of file
// descriptors or memory.
type limitListener struct {
	net.Listener
	slots     chan struct{} // one token per open connection
	perClient int
	done      chan struct{} // closed by Close
	closeOnce sync.Once

	mu       sync.Mutex
	byClient map[netip.Prefix]int
}

func newLimitListener(l net.Listener, max, perClient int) *limitListener {
	return &limitListener{Listener: l, slots: make(chan struct{}, max), perClient: perClient,
		done: make(chan struct{}), byClient: make(map[netip.Prefix]int)}
}

// Accept waits for a free slot, then for a connection from a client under
// its cap.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		select {
		case l.slots <- struct{}{}:
		case <-l.done:
			return nil, net.ErrClosed
		}
		c, err := l.Listener.Accept()
		if err != nil {
			<-l.slots
			return nil, err
		}
		client := clientOf(c.RemoteAddr().String())
		if l.admit(client) {
			return &limitedConn{Conn: c, l: l, client: client}, nil
		}
		c.Close()
		<-l.slots
	}
}

// Close stops the listener and any Accept waiting for a slot.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

func (l *limitListener) admit(client netip.Prefix) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byClient[client] >= l.perClient {
		return false
	}
	l.byClient[client]++
	return true
}

func (l *limitListener) release(client netip.Prefix) {
	l.mu.Lock()
	if l.byClient[client]--; l.byClient[client] <= 0 {
		delete(l.byClient, client)
	}
	l.mu.Unlock()
	<-l.slots
}

// limitedConn gives its slot back when closed, once.
type limitedConn struct {
	net.Conn
	l      *limitListener
	client netip.Prefix
	once   sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.release(c.client) })
	return err
}

// clientOf is the unit a client is counted by, for connection caps and
// throttling: its IPv4 address, or the /64 prefix of its IPv6 address
// (one site's subnet, RFC 4291 §2.5.1: a client given a /64 can use any of
// 2^64 addresses). addr is "host:port", as net.Addr.String and
// http.Request.RemoteAddr give it; one that does not parse counts as one
// client.
func clientOf(addr string) netip.Prefix {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return netip.Prefix{}
	}
	ip := ap.Addr().Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p
}
