{
  "targets": [
    {
      "target_name": "seq2seq_native",
      "conditions": [
        ["target_arch=='x64'", { "sources": ["activation.c", "addon.c", "adam.c", "gemm.c", "gemmKernels.c", "lstmCell.c", "lstmSequence.c", "softmaxXent.c", "sums.c"] }]
      ],
      "cflags": ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-math-errno"],
      "cflags!": ["-O2"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-ffp-contract=off", "-fno-math-errno"] }
    }
  ]
}
