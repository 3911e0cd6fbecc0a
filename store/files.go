package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// FileMeta is what GridFS keeps beside a file's bytes.
type FileMeta struct {
	Owner   string `bson:"owner"`
	DraftID string `bson:"draftId"`
	Kind    string `bson:"kind"`
	// UploadedAt is when the file was stored, on the caller's clock; the
	// sweeper's grace period for unattached files runs from it. GridFS's
	// own uploadDate is always the real time, so the sweeper reads it only
	// for files stored without UploadedAt.
	UploadedAt time.Time `bson:"uploadedAt,omitempty"`
}

// chunkSize is the size of a GridFS chunk, the driver's default.
const chunkSize = 255 * 1024

// gridFile is a GridFS files document.
type gridFile struct {
	ID         bson.ObjectID `bson:"_id"`
	Length     int64         `bson:"length"`
	ChunkSize  int32         `bson:"chunkSize"`
	UploadDate time.Time     `bson:"uploadDate"`
	Filename   string        `bson:"filename"`
	Metadata   FileMeta      `bson:"metadata"`
}

// gridChunk is a GridFS chunks document. Its _id is "<file id>:<n>",
// so that every chunk is found by _id: the embedded database looks up
// nothing else without reading the whole collection, and a file's chunks
// are a few lookups by _id on any database. Any GridFS reader still reads
// the files (it finds chunks by files_id and n).
type gridChunk struct {
	ID     string        `bson:"_id"`
	FileID bson.ObjectID `bson:"files_id"`
	N      int32         `bson:"n"`
	Data   []byte        `bson:"data"`
}

func chunkID(file bson.ObjectID, n int) string { return fmt.Sprintf("%s:%d", file.Hex(), n) }

// PutFile stores data in GridFS and returns its id. It writes the chunks
// straight from data (the driver's upload stream would allocate a 16 MiB
// buffer for every upload, whatever the file's size) and the files
// document last, so a file is complete once it can be found. If a write
// fails part way, the chunks written are removed again.
// Without meta.UploadedAt the file is stamped with the real time.
func (s *Store) PutFile(ctx context.Context, name string, meta FileMeta, data []byte) (string, error) {
	if meta.UploadedAt.IsZero() {
		meta.UploadedAt = time.Now()
	}
	id := bson.NewObjectID()
	chunks := s.files.GetChunksCollection()
	n := 0
	for off := 0; off < len(data); off += chunkSize {
		end := min(off+chunkSize, len(data))
		if _, err := chunks.InsertOne(ctx, gridChunk{ID: chunkID(id, n), FileID: id, N: int32(n), Data: data[off:end]}); err != nil {
			s.deleteChunks(context.WithoutCancel(ctx), id, n)
			return "", fmt.Errorf("store file: %w", err)
		}
		n++
	}
	f := gridFile{ID: id, Length: int64(len(data)), ChunkSize: chunkSize, UploadDate: time.Now().UTC().Truncate(time.Millisecond), Filename: name, Metadata: meta}
	if _, err := s.files.GetFilesCollection().InsertOne(ctx, f); err != nil {
		s.deleteChunks(context.WithoutCancel(ctx), id, n)
		return "", fmt.Errorf("store file: %w", err)
	}
	return id.Hex(), nil
}

// deleteChunks removes the first n chunks of a file written by PutFile.
func (s *Store) deleteChunks(ctx context.Context, id bson.ObjectID, n int) {
	for i := 0; i < n; i++ {
		_, _ = s.files.GetChunksCollection().DeleteOne(ctx, bson.D{{Key: "_id", Value: chunkID(id, i)}})
	}
}

// OpenFile opens the file with id for reading.
func (s *Store) OpenFile(ctx context.Context, id string) (io.ReadCloser, int64, error) {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return nil, 0, ErrNotFound
	}
	var f gridFile
	err = s.files.GetFilesCollection().FindOne(ctx, bson.D{{Key: "_id", Value: oid}}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open file: %w", err)
	}
	r := &chunkReader{ctx: ctx, s: s, f: f, chunks: int((f.Length + int64(f.ChunkSize) - 1) / int64(max(f.ChunkSize, 1)))}
	if f.Length > 0 {
		// Files stored by the driver's own upload stream (before chunks
		// had their ids) are read by the driver.
		err := s.files.GetChunksCollection().FindOne(ctx, bson.D{{Key: "_id", Value: chunkID(oid, 0)}}).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			ds, err := s.files.OpenDownloadStream(ctx, oid)
			if errors.Is(err, mongo.ErrFileNotFound) {
				return nil, 0, ErrNotFound
			}
			if err != nil {
				return nil, 0, fmt.Errorf("open file: %w", err)
			}
			return ds, ds.GetFile().Length, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("open file: %w", err)
		}
	}
	return r, f.Length, nil
}

// chunkReader reads a file written by PutFile chunk by chunk.
type chunkReader struct {
	ctx    context.Context
	s      *Store
	f      gridFile
	chunks int
	next   int
	buf    []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.next >= r.chunks {
			return 0, io.EOF
		}
		var c gridChunk
		err := r.s.files.GetChunksCollection().FindOne(r.ctx, bson.D{{Key: "_id", Value: chunkID(r.f.ID, r.next)}}).Decode(&c)
		if err != nil {
			return 0, fmt.Errorf("read file chunk %d: %w", r.next, err)
		}
		r.buf = c.Data
		r.next++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *chunkReader) Close() error { return nil }

// DeleteFile removes the file with id. A file that is already gone is not
// an error.
func (s *Store) DeleteFile(ctx context.Context, id string) error {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return nil
	}
	var f gridFile
	err = s.files.GetFilesCollection().FindOne(ctx, bson.D{{Key: "_id", Value: oid}}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete file: %w", err)
	}
	chunks := int((f.Length + int64(f.ChunkSize) - 1) / int64(max(f.ChunkSize, 1)))
	if f.Length > 0 {
		err := s.files.GetChunksCollection().FindOne(ctx, bson.D{{Key: "_id", Value: chunkID(oid, 0)}}).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			// A file stored by the driver's own upload stream.
			if err := s.files.Delete(ctx, oid); err != nil && !errors.Is(err, mongo.ErrFileNotFound) {
				return fmt.Errorf("delete file: %w", err)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("delete file: %w", err)
		}
	}
	// The chunks first, the files document last: a delete that fails part
	// way leaves the file listed, so that deleting it again (the sweeper)
	// removes what is left instead of leaving chunks nothing points to.
	for i := 0; i < chunks; i++ {
		if _, err := s.files.GetChunksCollection().DeleteOne(ctx, bson.D{{Key: "_id", Value: chunkID(oid, i)}}); err != nil {
			return fmt.Errorf("delete file: %w", err)
		}
	}
	if _, err := s.files.GetFilesCollection().DeleteOne(ctx, bson.D{{Key: "_id", Value: oid}}); err != nil {
		return fmt.Errorf("delete file: %w", err)
	}
	return nil
}

// fileInfo is a GridFS file document as the sweeper reads it.
type fileInfo struct {
	ID         bson.ObjectID `bson:"_id"`
	UploadDate time.Time     `bson:"uploadDate"`
	Metadata   FileMeta      `bson:"metadata"`
}
