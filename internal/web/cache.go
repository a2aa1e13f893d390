package web

import (
	"container/list"
	"sync"
)

// cache keeps rendered documents that have no changes, up to a number of
// bytes: the least recently used go first.
type cache struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List // of *body, most recent first
	items map[string]*list.Element
}

// body is a rendered document and its entity tag.
type body struct {
	key  string
	data []byte
	etag string
}

func newCache(max int64) *cache {
	return &cache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *cache) get(key string) (*body, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*body), true
}

// put keeps b unless it alone is larger than the cache.
func (c *cache) put(b *body) {
	n := int64(len(b.data))
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[b.key]; ok {
		c.size -= int64(len(e.Value.(*body).data))
		c.order.Remove(e)
	}
	c.items[b.key] = c.order.PushFront(b)
	c.size += n
	for c.size > c.max {
		e := c.order.Back()
		old := e.Value.(*body)
		c.order.Remove(e)
		delete(c.items, old.key)
		c.size -= int64(len(old.data))
	}
}

// stats returns the number of documents kept and their size in bytes.
func (c *cache) stats() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.size
}
