package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A file stored before FileMeta.UploadedAt was written has only GridFS's
// uploadDate, which the driver always sets to the real time; the sweeper
// judges such a file by it. This test reads the real clock on purpose, for
// the upload and for the sweeps alike.
func TestSweepJudgesAFileWithoutUploadedAtByItsUploadDate(t *testing.T) {
	st := internalStore(t)
	ctx := context.Background()
	id := bson.NewObjectID()
	meta := bson.D{{Key: "owner", Value: "nobody"}, {Key: "draftId", Value: "none"}}
	if err := st.files.UploadFromStreamWithID(ctx, id, "old.pdf", bytes.NewReader([]byte("%PDF-1.4")), options.GridFSUpload().SetMetadata(meta)); err != nil {
		t.Fatal(err)
	}
	uploaded := time.Now()
	if res, err := st.Sweep(ctx, uploaded.Add(time.Minute)); err != nil || res.Files != 0 {
		t.Errorf("swept inside the grace period: %+v %v", res, err)
	}
	if res, err := st.Sweep(ctx, uploaded.Add(2*time.Hour)); err != nil || res.Files != 1 {
		t.Errorf("not swept after the grace period: %+v %v", res, err)
	}
}
