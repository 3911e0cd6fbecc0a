package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
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

// PutFile stores data in GridFS and returns its id. If the upload fails part
// way, the driver removes the chunks it wrote, so nothing is left behind.
// Without meta.UploadedAt the file is stamped with the real time.
func (s *Store) PutFile(ctx context.Context, name string, meta FileMeta, data []byte) (string, error) {
	if meta.UploadedAt.IsZero() {
		meta.UploadedAt = time.Now()
	}
	id := bson.NewObjectID()
	opts := options.GridFSUpload().SetMetadata(meta)
	if err := s.files.UploadFromStreamWithID(ctx, id, name, bytes.NewReader(data), opts); err != nil {
		return "", fmt.Errorf("store file: %w", err)
	}
	return id.Hex(), nil
}

// OpenFile opens the file with id for reading.
func (s *Store) OpenFile(ctx context.Context, id string) (io.ReadCloser, int64, error) {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return nil, 0, ErrNotFound
	}
	ds, err := s.files.OpenDownloadStream(ctx, oid)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil, 0, ErrNotFound
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open file: %w", err)
	}
	return ds, ds.GetFile().Length, nil
}

// DeleteFile removes the file with id. A file that is already gone is not
// an error.
func (s *Store) DeleteFile(ctx context.Context, id string) error {
	oid, err := bson.ObjectIDFromHex(id)
	if err != nil {
		return nil
	}
	if err := s.files.Delete(ctx, oid); err != nil && !errors.Is(err, mongo.ErrFileNotFound) {
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
