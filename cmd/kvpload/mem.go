package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// memSampler follows a process's resident memory: VmRSS every 200 ms and
// VmHWM (the kernel's own peak) when it stops.
type memSampler struct {
	pid     int
	peakKB  int64
	samples int
	err     error
	stop    chan struct{}
	done    chan struct{}
}

// procStatus reads VmRSS and VmHWM (in KiB) from /proc/PID/status.
func procStatus(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %q: %w", k, v, err)
		}
		if k == "VmRSS" {
			rss = n
		} else {
			hwm = n
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if rss == 0 && hwm == 0 {
		return 0, 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return rss, hwm, nil
}

func startMemSampler(pid int) *memSampler {
	m := &memSampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			m.sample()
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) sample() {
	rss, _, err := procStatus(m.pid)
	if err != nil {
		if m.err == nil {
			m.err = err
		}
		return
	}
	m.samples++
	m.peakKB = max(m.peakKB, rss)
}

// finish stops sampling and reports the peak.
func (m *memSampler) finish() *Memory {
	close(m.stop)
	<-m.done
	m.sample()
	out := &Memory{PID: m.pid, Samples: m.samples, PeakRSSMB: float64(m.peakKB) / 1024}
	_, hwm, err := procStatus(m.pid)
	switch {
	case err == nil:
		out.HWMMB = float64(hwm) / 1024
	case m.err != nil:
		out.Unreadable = m.err.Error()
	default:
		out.Unreadable = err.Error()
	}
	if m.samples == 0 && out.Unreadable == "" && m.err != nil {
		out.Unreadable = m.err.Error()
	}
	return out
}
