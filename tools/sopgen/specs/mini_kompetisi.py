"""SOP E-Purchasing melalui E-Katalog Metode Mini Kompetisi (Bagian PBJ Setda Kab. Mojokerto, 2023).

Source: /work/shared/seeds/003_c19e81dad917fb10.txt (27 numbered steps). The Pelaksana marks
were lost in the conversion (only "(a) (b)" of step 24 survived); actors inferred, see NOTES.
"""
from tools.sopgen.model import (Sop, Step, Decision, Branch, Closes, End, MultiInstance, TimerEvent,
                                choice, datetime, number, text, users)

PPK = "PPK"
PP = "Pejabat Pengadaan"
PENYEDIA = "Penyedia"

RUP, DPA = "Dokumen RUP", "DPA"
NOTA = "Surat pengantar/ nota dinas"
SPEK = "Spesifikasi Teknis"
DATA_KOMPETISI = "Data paket kompetisi"
PAPAN = "Papan peringkat kompetisi"
PRODUK = "Produk penawaran kompetisi"
PERMINTAAN = "Data permintaan pembelian"
PAKET = "Data paket e-purchasing"
SP = "Surat Pesanan"

ATAS_NAMA = ("Penyedia bekerja pada aplikasi e-Purchasing V.5; di Alur langkah ini dicatat oleh "
             "penyedia bila diberi akun, atau oleh petugas Pejabat Pengadaan atas nama "
             "penyedia.")

SOP = Sop(
    process_id="mini_kompetisi",
    title="E-Purchasing melalui E-Katalog Metode Mini Kompetisi",
    pool="Bagian Pengadaan Barang dan Jasa Setda Kabupaten Mojokerto",
    source="003_c19e81dad917fb10.txt",
    documentation="""\
SOP E-Purchasing melalui E-Katalog Metode Mini Kompetisi.
Nomor SOP: 061/974/416-023/2023. Pemerintah Kabupaten Mojokerto, Sekretariat Daerah, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 21 Agustus 2023; tanggal efektif: 7 September 2023. Disahkan oleh Dr. Teguh Gunarko, M.Si., Pembina Utama Madya.
Keterangan pada setiap halaman tabel: waktu sesuai kebutuhan sesuai dengan peraturan yang berlaku. Pencatatan: salinan berkas-berkas atas tahapan pengadaan dicatat dan didata sebagai data elektronik dan/atau manual dalam berkas kearsipan masing-masing perangkat daerah dan UKPBJ. Peralatan: komputer/scanner/printer, jaringan internet, panduan pengguna SPSE.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah beserta perubahannya; PP 80/2019 tentang Perdagangan Melalui Sistem Elektronik; Peraturan LKPP 9/2021 tentang Toko Daring dan Katalog Elektronik; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP AP; Keputusan Kepala LKPP 122/2022 tentang Tata Cara Penyelenggaraan Katalog Elektronik; Perbup Mojokerto 69/2019 tentang SOTK Sekretariat Daerah.""",
    lanes=[PPK, PP, PENYEDIA],
    parties={PENYEDIA: "external"},
    proxies={PENYEDIA: PP},
    start_name="Mulai",
    nodes=[
        Step("1", "Melakukan identifikasi kebutuhan dan penetapan barang/jasa melalui e-katalog",
             PPK,
             doc="PPK melakukan identifikasi kebutuhan dan penetapan barang/jasa melalui "
                 "e-katalog. Keterangan: waktu sesuai kebutuhan sesuai dengan peraturan yang "
                 "berlaku.",
             kelengkapan=[RUP, DPA], waktu="1 hari", duration="P1D", outputs=[],
             fields=[text("goods", "Barang/jasa yang dibutuhkan", long=True)]),
        Step("2", "Menyusun spesifikasi teknis dan surat pengantar/nota dinas belanja melalui "
                  "e-katalog", PPK,
             doc="PPK menyusun spesifikasi teknis dan surat pengantar/nota dinas belanja "
                 "pengadaan barang/jasa melalui e-katalog.",
             kelengkapan=[RUP, DPA], waktu="1 hari", duration="P1D", outputs=[NOTA],
             attachments=[SPEK, NOTA]),
        Step("3", "Menyampaikan surat permintaan e-purchasing kepada pejabat pengadaan", PPK,
             doc="PPK menyampaikan surat permintaan pelaksanaan e-purchasing melalui e-katalog "
                 "kepada pejabat pengadaan.",
             kelengkapan=[NOTA], waktu="1 hari", duration="P1D", outputs=[]),
        Step("4", "Menerima permintaan belanja pengadaan barang/jasa melalui e-katalog", PP,
             kelengkapan=[NOTA], waktu="1 hari", duration="P1D", outputs=[]),
        Step("5", "Login pada aplikasi e-Purchasing V.5", PP,
             kelengkapan=["Akun SPSE Pejabat Pengadaan"], waktu="1 hari", duration="P1D",
             outputs=[]),
        Step("6", "Membuat draft mini kompetisi produk/spesifikasi", PP,
             kelengkapan=[RUP, DPA, NOTA, SPEK], waktu="1 hari", duration="P1D", outputs=[]),
        Step("7", "Memilih jenis produk/spesifikasi yang akan dikompetisikan", PP,
             kelengkapan=[RUP, DPA, NOTA, SPEK], waktu="1 hari", duration="P1D", outputs=[]),
        Step("8", "Input data dan informasi kompetisi", PP,
             kelengkapan=[RUP, DPA, NOTA, SPEK], waktu="1 hari", duration="P1D",
             outputs=[DATA_KOMPETISI]),
        Step("9", "Menetapkan batas akhir waktu penawaran", PP,
             doc="Batas akhir waktu penawaran yang diisi di sini menjadi tanggal pewaktu "
                 "'Batas akhir waktu penawaran': status kompetisi (langkah 11) baru dapat "
                 "diperbarui sesudah waktu itu lewat. Penyedia yang diundang (nama pengguna "
                 "pemegang peran Penyedia) menjadi pihak kasus ini: masing-masing mendapat satu "
                 "tugas pemasukan penawaran (langkah 10).",
             kelengkapan=[DATA_KOMPETISI], waktu="1 hari", duration="P1D", outputs=[],
             fields=[datetime("offer_deadline", "Batas akhir waktu penawaran"),
                     users("invited_vendors", "Penyedia yang diundang (nama pengguna, pisahkan "
                           "dengan koma)", PENYEDIA)],
             binds=(PENYEDIA, "invited_vendors")),
        Step("10", "Pemasukan penawaran produk/spesifikasi", PENYEDIA,
             doc=ATAS_NAMA + " Satu tugas untuk setiap penyedia yang diundang (multi-instance "
                 "paralel atas isian invited_vendors langkah 9): setiap penyedia memasukkan satu "
                 "penawaran dan hanya melihat penawarannya sendiri; penawaran-penawaran itu "
                 "menjadi papan peringkat kompetisi bagi Pejabat Pengadaan (langkah 11). Waktu "
                 "'1-2 hari' adalah masa pemasukan penawaran itu sendiri, yang ditetapkan Pejabat "
                 "Pengadaan pada langkah 9 sebagai batas akhir waktu penawaran: pada batas itu "
                 "penawaran ditutup dan tugas penyedia yang belum memasukkan penawaran "
                 "dibatalkan. Langkah ini tidak punya batas waktu tetap sendiri (P2D).",
             kelengkapan=[DATA_KOMPETISI], waktu="1-2 hari",
             outputs=[PAPAN], attachments=["Dokumen penawaran"],
             fields=[number("offer_price", "Harga penawaran (Rp)"),
                     text("offer_note", "Keterangan penawaran", required=False, long=True)],
             multi=MultiInstance("invited_vendors", "vendor"), assignee="vendor",
             closes=Closes("close_step_10", "Batas akhir waktu penawaran: penawaran ditutup",
                           "offer_deadline", "step_11")),
        TimerEvent("timer_offer_deadline", "Batas akhir waktu penawaran",
                   date="offer_deadline", lane=PP,
                   doc="Semua penyedia yang diundang sudah memasukkan penawaran sebelum batas "
                       "akhir: menunggu sampai batas akhir waktu penawaran yang ditetapkan "
                       "Pejabat Pengadaan pada langkah 9 (isian offer_deadline)."),
        Step("11", "Update status kompetisi produk/spesifikasi", PP,
             doc="a. Jika ada penawaran, maka kompetisi dinyatakan berhasil; b. Jika tidak ada "
                 "penawaran atau hanya ada 1 penawaran namun penyedia masuk dalam daftar hitam, "
                 "maka kompetisi dinyatakan gagal. Papan peringkat (penawaran yang masuk, "
                 "dari harga terendah) hanya terlihat oleh Pejabat Pengadaan. Pemenang dipilih "
                 "dari penyedia yang memasukkan penawaran; sejak itu langkah Penyedia berikutnya "
                 "hanya untuk pemenang, dan kompetisi selesai bagi penyedia lain.",
             kelengkapan=[PAPAN], waktu="1 hari", duration="P1D", outputs=[],
             fields=[choice("competition_status", "Status kompetisi", {
                 "success": "a. Ada penawaran: kompetisi dinyatakan berhasil",
                 "failed": "b. Tidak ada penawaran, atau hanya ada 1 penawaran namun penyedia "
                           "masuk dalam daftar hitam: kompetisi dinyatakan gagal"}),
                     users("winner", "Pemenang kompetisi (nama pengguna penyedia; wajib bila "
                           "berhasil)", PENYEDIA, many=False, required=False,
                           required_when=("competition_status", "success"))],
             chooses=(PENYEDIA, "winner", "step_10")),
        Decision("gw_11", "Kompetisi berhasil?", [
            Branch("Berhasil", 'competition_status == "success"', "step_12"),
            Branch("Gagal", 'competition_status == "failed"', "end_failed"),
        ]),
        End("end_failed", "Kompetisi gagal", lane=PP),
        Step("12", "Publikasi kompetisi produk/spesifikasi", PP,
             doc="Keterangan: waktu sesuai kebutuhan sesuai dengan peraturan yang berlaku.",
             kelengkapan=[PAPAN], waktu="1 hari", duration="P1D", outputs=[PRODUK]),
        Step("13", "Generate paket produk/spesifikasi", PP,
             kelengkapan=[PRODUK], waktu="1 hari", duration="P1D", outputs=[PERMINTAAN]),
        Step("14", "Memproses paket e-purchasing", PP,
             kelengkapan=[PERMINTAAN], waktu="1 hari", duration="P1D", outputs=[]),
        Step("15", "Menerima notifikasi permintaan pembelian melalui email", PENYEDIA,
             doc="Menerima notifikasi permintaan pembelian melalui email yang terdaftar pada "
                 "aplikasi e-Purchasing V.5. " + ATAS_NAMA + " Sejak langkah ini 'Penyedia' adalah pemenang kompetisi.",
             kelengkapan=[PERMINTAAN], waktu="1 hari", duration="P1D", outputs=[],
             fields=[text("provider_name", "Nama penyedia pemenang kompetisi")],
             assignee="winner"),
        Step("16", "Login pada aplikasi e-Purchasing V.5 dan review permintaan pembelian",
             PENYEDIA,
             doc=ATAS_NAMA,
             kelengkapan=["Akun SPSE penyedia", PERMINTAAN], waktu="1 hari", duration="P1D",
             outputs=[],
             assignee="winner"),
        Step("17", "Melakukan negosiasi harga", PP,
             doc="a. Jika penyedia setuju dengan negosiasi harga maka dilanjutkan dengan "
                 "persetujuan pembelian; b. Jika penyedia tidak setuju dengan negosiasi harga "
                 "maka proses kembali ke pejabat pengadaan untuk negosiasi ulang. Pejabat "
                 "Pengadaan mencatat jawaban penyedia atas setiap putaran negosiasi.",
             kelengkapan=[PERMINTAAN], waktu="3 hari", duration="P3D", outputs=[],
             fields=[number("negotiated_price", "Harga hasil negosiasi (Rp)", required=False),
                     choice("negotiation_result", "Jawaban penyedia atas negosiasi harga", {
                         "agree": "a. Penyedia setuju dengan negosiasi harga (dilanjutkan "
                                  "dengan persetujuan pembelian)",
                         "renegotiate": "b. Penyedia tidak setuju dengan negosiasi harga "
                                        "(negosiasi ulang)"})]),
        Decision("gw_17", "Penyedia setuju dengan negosiasi harga?", [
            Branch("Setuju", 'negotiation_result == "agree"', "step_18"),
            Branch("Negosiasi ulang", 'negotiation_result == "renegotiate"', "step_17"),
        ]),
        Step("18", "Persetujuan permintaan pembelian", PENYEDIA,
             doc=ATAS_NAMA + " Keterangan: waktu sesuai kebutuhan sesuai dengan peraturan yang "
                 "berlaku.",
             kelengkapan=[PERMINTAAN], waktu="3 hari", duration="P3D", outputs=[PAKET],
             assignee="winner"),
        Step("19", "Mengirim paket kepada PPK", PP,
             kelengkapan=[PAKET], waktu="1 hari", duration="P1D", outputs=[]),
        Step("20", "Login pada aplikasi e-Purchasing V.5 dan dilanjutkan review paket", PPK,
             doc="a. Jika PPK setuju, maka dilanjutkan proses penyusunan surat pesanan; b. Jika "
                 "PPK tidak setuju maka paket e-purchasing dibatalkan.",
             kelengkapan=[PAKET], waktu="3 hari", duration="P3D", outputs=[],
             fields=[choice("package_review", "Hasil review paket", {
                 "approve": "a. PPK setuju (dilanjutkan proses penyusunan surat pesanan)",
                 "reject": "b. PPK tidak setuju (paket e-purchasing dibatalkan)"})]),
        Decision("gw_20", "PPK setuju?", [
            Branch("Setuju", 'package_review == "approve"', "step_21"),
            Branch("Tidak setuju", 'package_review == "reject"', "end_cancelled"),
        ]),
        End("end_cancelled", "Paket dibatalkan", lane=PPK),
        Step("21", "Menyusun dan mengunggah surat pesanan pada e-Purchasing V.5", PPK,
             kelengkapan=[PAKET], waktu="3 hari", duration="P3D", outputs=[SP]),
        Step("22", "Login pada aplikasi e-Purchasing V.5 dan review permintaan pembelian",
             PENYEDIA,
             doc=ATAS_NAMA + " Penyedia mereview surat pesanan yang diunggah PPK.",
             kelengkapan=[PAKET, SP], waktu="1 hari", duration="P1D", outputs=[],
             assignee="winner"),
        Step("23", "Memproses barang/jasa sesuai dengan pesanan", PENYEDIA,
             doc=ATAS_NAMA + " Keterangan: waktu sesuai kebutuhan sesuai dengan peraturan yang "
                 "berlaku.",
             kelengkapan=[PAKET, SP], waktu="3 hari", duration="P3D", outputs=[],
             assignee="winner"),
        Step("24", "Addendum surat pesanan", PPK,
             doc="a. Jika terjadi perubahan rincian pesanan, maka dilakukan addendum kontrak "
                 "oleh PPK dan diunggah kembali pada aplikasi e-Purchasing V.5 (langkah 24a); "
                 "b. Jika tidak terjadi perubahan rincian pesanan, maka dilanjutkan proses "
                 "pengiriman pesanan (langkah 25).",
             kelengkapan=[PAKET, SP], waktu="1 hari", duration="P1D", outputs=[],
             fields=[choice("order_change", "Perubahan rincian pesanan", {
                 "changed": "a. Terjadi perubahan rincian pesanan (addendum)",
                 "unchanged": "b. Tidak terjadi perubahan rincian pesanan (dilanjutkan "
                              "pengiriman pesanan)"})]),
        Decision("gw_24", "Terjadi perubahan rincian pesanan?", [
            Branch("Ada perubahan", 'order_change == "changed"', "step_24a"),
            Branch("Tidak ada perubahan", 'order_change == "unchanged"', "step_25"),
        ]),
        Step("24a", "Addendum kontrak oleh PPK dan diunggah kembali pada aplikasi "
                    "e-Purchasing V.5", PPK,
             kelengkapan=[PAKET, SP], waktu="1 hari", duration="P1D",
             outputs=["Addendum surat pesanan"]),
        Step("25", "Input dan kirim status riwayat pengiriman", PENYEDIA,
             doc=ATAS_NAMA,
             kelengkapan=[PAKET, SP], waktu="1 hari", duration="P1D",
             outputs=["Dokumen pengiriman"],
             assignee="winner"),
        Step("26", "Input dan kirim status riwayat pembayaran dan penerimaan", PPK,
             kelengkapan=[PAKET, SP, "Dokumen pengiriman"], waktu="1 hari", duration="P1D",
             outputs=["Dokumen Pembayaran", "Nota/ Kwitansi", "Berita Acara Pemeriksaan",
                      "Berita Acara Serah Terima"]),
        Step("27", "Menyelesaikan paket dan melakukan penilaian kinerja penyedia", PPK,
             kelengkapan=["Berita Acara Pemeriksaan", "Berita Acara Serah Terima"],
             waktu="1 hari", duration="P1D", outputs=["Penilaian Kinerja Penyedia"]),
        End("end", "Paket selesai, kinerja penyedia dinilai"),
    ],
    notes=[
        'Pihak: Penyedia eksternal (peserta/pemenang yang diundang kasus). Atas nama: petugas Pejabat Pengadaan mencatat langkah penyedia yang tidak diberi akun (alur:proxy). PPK dan Pejabat Pengadaan di perangkat daerah yang sama: internal.',
        "Lajur mengikuti kolom Pelaksana: 'PPK', 'Pejabat Pengadaan', 'Penyedia' (Kualifikasi "
        "Pelaksana menyebut 'Pokja Pemilihan / Pejabat Pengadaan' dan 'Peserta'; nama kolom "
        "tabel dipakai).",
        "Tanda pelaksana hilang (hanya '(a) (b)' pada baris 24 tersisa). Disimpulkan dari uraian "
        "dan alur aplikasi e-Purchasing V.5: 1-3 PPK (uraian menyebut PPK); 4-9 Pejabat "
        "Pengadaan (menerima permintaan dari PPK, akun SPSE Pejabat Pengadaan, menyusun dan "
        "menetapkan kompetisi); 10 Penyedia (pemasukan penawaran); 11-14 Pejabat Pengadaan; "
        "15-16 Penyedia (notifikasi ke email penyedia, akun SPSE penyedia); 17 Pejabat "
        "Pengadaan; 18 Penyedia (persetujuan permintaan pembelian sesudah penyedia setuju); 19 "
        "Pejabat Pengadaan (mengirim paket kepada PPK); 20-21 PPK (review paket, surat "
        "pesanan); 22-23 Penyedia (review surat pesanan, memproses pesanan); 24 dan 24a PPK "
        "(addendum oleh PPK); 25 Penyedia (riwayat pengiriman); 26-27 PPK (pembayaran dan "
        "penerimaan, BAP/BAST, penilaian kinerja penyedia).",
        "Langkah 17 (negosiasi harga) di lajur Pejabat Pengadaan: negosiasi dilakukan pejabat "
        "pengadaan dengan penyedia pada aplikasi, dan Pejabat Pengadaan mencatat jawaban "
        "penyedia. a. setuju -> langkah 18 (persetujuan pembelian oleh penyedia); b. tidak "
        "setuju -> 'kembali ke pejabat pengadaan untuk negosiasi ulang' = kembali ke langkah "
        "17 (melalui gateway penggabung).",
        "Langkah 9 menetapkan batas akhir waktu penawaran (isian tanggal-waktu wajib "
        "offer_deadline) dan penyedia yang diundang (invited_vendors; alur:bindParties: mereka "
        "menjadi pihak lajur Penyedia). Langkah 10 multi-instance paralel: satu tugas per "
        "penyedia yang diundang, dipegang penyedia itu (alur:assignee vendor). Pewaktu batas "
        "'close_step_10' (menyela, timeDate offer_deadline) menutup penawaran: tugas yang belum "
        "dikerjakan dibatalkan dan kasus lanjut ke langkah 11. Bila semua sudah menawar lebih "
        "dulu, timer tangkap 'Batas akhir waktu penawaran' menunggu batas itu; langkah 11 tidak "
        "terbuka sebelum batas akhir penawaran.",
        "Satu pewaktu untuk langkah 10: Waktu '1-2 hari' adalah lama masa penawaran, dan masa "
        "itu ditetapkan langkah 9 sebagai offer_deadline. Langkah 10 tidak diberi timer batas "
        "P2D sendiri (dulu ada, sehingga penawaran yang sah ditunggu sampai batas akhir yang "
        "lebih dari 2 hari kerja ditandai terlambat); pewaktu 'Batas akhir waktu penawaran' "
        "satu-satunya pewaktu, dan langkah 11 (P1D) mulai dihitung sesudahnya. Bahwa batas akhir "
        "yang diisi jatuh 1-2 hari kerja sesudah langkah 9 belum diperiksa mesin.",
        "Langkah 10 satu tugas per penyedia yang diundang; masing-masing hanya melihat "
        "penawarannya sendiri. Langkah 11 memilih pemenang (winner, alur:chooseParty: hanya "
        "penyedia yang memasukkan penawaran); langkah Penyedia 15-25 dipegang pemenang saja "
        "(alur:assignee winner), dan bagi penyedia lain kompetisi selesai. Penyedia mencatat "
        "sendiri bila diberi akun, atau petugas Pejabat Pengadaan mencatat atas nama penyedia.",
        "Langkah 11 (a/b): berhasil -> langkah 12; gagal -> akhir 'Kompetisi gagal'. Langkah 20 "
        "(a/b): setuju -> langkah 21; tidak setuju -> akhir 'Paket dibatalkan'.",
        "Langkah 24 (a/b) menjadi cabang alternatif: PPK memeriksa perubahan rincian pesanan; "
        "a. ada perubahan -> langkah 24a 'Addendum kontrak oleh PPK dan diunggah kembali' "
        "(PPK, Output 'Addendum surat pesanan', Waktu baris 24: 1 hari) -> langkah 25; b. tidak "
        "ada perubahan -> langkah 25 (pengiriman). Tanda '(a) (b)' yang tersisa di kolom "
        "Pelaksana baris 24 dibaca sebagai label cabang, bukan pelaksana.",
        "Keterangan 'Waktu sesuai kebutuhan sesuai dengan peraturan yang berlaku' muncul pada "
        "baris pertama setiap halaman tabel (1, 7, 12, 18, 23): dibaca sebagai catatan untuk "
        "seluruh kolom Waktu, bukan Waktu langkah itu; Waktu yang tertulis tetap menjadi timer "
        "(hari kerja). '1-2 hari' (langkah 10) -> P2D.",
        "Kolom Mutu Baku baris 18-22 bergeser satu ke kiri (Persyaratan di kolom Penyedia); "
        "dibaca Persyaratan, Waktu, Output, Keterangan. Kelengkapan langkah 17 ada di baris "
        "terpisah di bawah uraiannya. Banyak langkah tanpa Output: formulirnya tanpa lampiran; "
        "langkah 2 melampirkan juga spesifikasi teknis yang disusunnya.",
        "Nama langkah 1-3 tanpa subjek 'PPK' (sudah ditunjukkan lajur); nama langkah 2, 3 dan "
        "15 dipersingkat, uraian lengkapnya di dokumentasi tugas. Langkah 16 dan 22 "
        "tertulis sama ('Login ... dan review permintaan pembelian'); langkah 22 mereview surat "
        "pesanan (Kelengkapan).",
    ],
)
