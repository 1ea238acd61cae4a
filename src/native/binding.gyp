{
  "targets": [
    {
      "target_name": "seq2seq_native",
      "sources": ["addon.c", "gemm.c", "lstmCell.c"],
      "cflags": ["-O3", "-std=gnu11"],
      "cflags!": ["-O2"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] }
    }
  ]
}
