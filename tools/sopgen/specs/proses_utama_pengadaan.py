"""SOP Proses Utama Pengadaan Barang/Jasa (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (eighth SOP of the file). Steps 2-4 are
carried out by the SOPs of the same document and are call activities; see NOTES.
"""
from tools.sopgen.model import Sop, Step, Call, End, text

PA = "PA/KPA"
PPK = "PPK"
POKJA = "Pokja Pemilihan"

NOT_IN_SOURCE = ("SOP rinci tidak termasuk dalam dokumen sumber; dikerjakan sebagai satu "
                 "langkah.")

SOP = Sop(
    process_id="proses_utama_pengadaan",
    title="Proses Utama Pengadaan Barang/Jasa",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Proses Utama Pengadaan Barang/Jasa.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Sekretariat Daerah, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Alur utama pengadaan dari perencanaan sampai penerimaan hasil pekerjaan. Langkah 2-4 menjalankan SOP Perencanaan Pengadaan, SOP Persiapan Pengadaan dan SOP Persiapan Pemilihan Penyedia sebagai subproses; langkah 5 (SOP Pemilihan Penyedia Prakualifikasi / Pasca/Tender) dan 6 (SOP Pelaksanaan Kontrak) dikerjakan sebagai satu langkah karena SOP rincinya tidak termasuk dalam dokumen sumber.
Keterkaitan: SOP Perencanaan Pengadaan; SOP Persiapan Pengadaan; SOP Persiapan Pemilihan Penyedia; SOP Pemilihan Penyedia Prakualifikasi; SOP Pemilihan Penyedia Pasca/Tender; SOP Pelaksanaan Kontrak.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 7/2018 tentang Pedoman Perencanaan Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 9/2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa melalui Penyedia; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan.""",
    lanes=[PA, PPK, POKJA],
    parties={POKJA: "cross-unit"},
    start_name="Mulai",
    nodes=[
        Call("2", "Melaksanakan perencanaan Pengadaan Barang/Jasa", PA,
             called_element="perencanaan_pengadaan",
             doc="Dijalankan menurut SOP Perencanaan Pengadaan (subproses "
                 "perencanaan_pengadaan).",
             kelengkapan=["Renja K/L/Pemda", "RKA-KL/RKA-Pemda", "DIPA/DPA"],
             outputs=["Draf Spesifikasi Teknis/KAK", "Harga Perkiraan/RAB", "Jadwal",
                      "Rencana Umum Pengadaan (RUP)"]),
        Call("3", "Melaksanakan persiapan pengadaan", PPK,
             called_element="persiapan_pengadaan",
             doc="Dijalankan menurut SOP Persiapan Pengadaan (subproses persiapan_pengadaan).",
             kelengkapan=["SK Penunjukan PPK", "RUP", "Draft Spesifikasi Teknis/KAK",
                          "Harga Perkiraan/RAB"],
             outputs=["Dokumen Persiapan Pengadaan (KAK, Spesifikasi Teknis, dan HPS telah "
                      "ditetapkan/disahkan)"]),
        Call("4", "Melaksanakan persiapan pemilihan penyedia", POKJA,
             called_element="persiapan_pemilihan_penyedia",
             doc="Dijalankan menurut SOP Persiapan Pemilihan Penyedia (subproses "
                 "persiapan_pemilihan_penyedia).",
             kelengkapan=["SK Penunjukan Pokja", "RUP",
                          "Dokumen Persiapan Pengadaan (Draft Spesifikasi Teknis/KAK, Harga "
                          "Perkiraan/RAB)"],
             outputs=["Dokumen Pemilihan Penyedia"]),
        Step("5", "Melaksanakan pemilihan penyedia", POKJA,
             doc=NOT_IN_SOURCE + " (SOP Pemilihan Penyedia Prakualifikasi / SOP Pemilihan "
                 "Penyedia Pasca/Tender.)",
             kelengkapan=["Dokumen Pemilihan Penyedia"],
             outputs=["Laporan Hasil Pemilihan Penyedia", "Berita Acara Penetapan Pemenang"],
             fields=[text("winner", "Penyedia pemenang")]),
        Step("6", "Melaksanakan pengelolaan kontrak", PPK,
             doc=NOT_IN_SOURCE + " (SOP Pelaksanaan Kontrak.)",
             kelengkapan=["Laporan Hasil Pemilihan Penyedia", "Berita Acara Penetapan Pemenang"],
             outputs=["SPPBJ", "Kontrak", "Pelaksanaan Pekerjaan", "BAST"],
             attachments=["SPPBJ", "Kontrak", "Laporan pelaksanaan pekerjaan", "BAST"],
             fields=[text("contract_number", "Nomor kontrak")]),
        Step("7", "Menerima hasil pekerjaan/pengiriman barang", PA,
             kelengkapan=["BAST"], outputs=["Hasil Pekerjaan/Barang diterima"],
             attachments=["Berita acara penerimaan hasil pekerjaan/barang"]),
        End("end", "Selesai: hasil pekerjaan/barang diterima", lane=PA),
    ],
    notes=[
        'Pihak: PA/KPA dan PPK di perangkat daerah yang memulai; Pokja Pemilihan di UKPBJ: lintas unit (lajur proses yang dipanggil membawa pengaturannya sendiri).',
        "Lajur mengikuti kolom Pelaksana: 'PA/KPA', 'PPK', 'Pokja Pemilihan' (nama yang sama "
        "dengan SOP Perencanaan/Persiapan Pengadaan dan Persiapan Pemilihan Penyedia).",
        "Langkah 1 'Mulai' dan 8 'Selesai' adalah peristiwa mulai/akhir, bukan tugas; "
        "penomoran langkah lain mengikuti SOP (2-7).",
        "Tidak ada tanda pelaksana yang terbaca. Disimpulkan dari Kualifikasi Pelaksana: PA/KPA "
        "melaksanakan penganggaran dan perencanaan pengadaan sampai penerimaan hasil pekerjaan "
        "(2, 7); PPK melaksanakan persiapan pengadaan dan pelaksanaan kontrak (3, 6); Pokja "
        "Pemilihan melaksanakan persiapan pemilihan dan pemilihan penyedia (4, 5).",
        "Langkah 2, 3, 4 adalah call activity yang memanggil perencanaan_pengadaan, "
        "persiapan_pengadaan dan persiapan_pemilihan_penyedia (SOP di dokumen yang sama). "
        "Lajur call activity menunjukkan penanggung jawab langkah; tugas di dalam subproses "
        "dikerjakan menurut lajur SOP yang dipanggil.",
        "Langkah 5 (pemilihan penyedia) dan 6 (pengelolaan kontrak) memakai SOP yang tidak "
        "termasuk dalam dokumen sumber: tugas biasa, dengan catatan 'SOP rinci tidak termasuk "
        "dalam dokumen sumber; dikerjakan sebagai satu langkah'.",
        "Kolom Waktu kosong untuk semua langkah: tidak ada timer. Tidak ada keputusan dalam "
        "teks (tender gagal, addendum dan sejenisnya ada di SOP pemilihan/kontrak yang tidak "
        "termasuk): tidak ada gateway.",
        "Output langkah 2 tertulis '1. Draf Spesifikasi Teknis/ 2. KAK, dan Harga "
        "Perkiraan/RAB 3. Jadwal 4. RUP' (penomoran rusak); dibaca sebagai Draf Spesifikasi "
        "Teknis/KAK, Harga Perkiraan/RAB, Jadwal, RUP.",
        "Tanggal: kepala SOP menulis 'Tanggal Revisi: 17 Januari 2024, Tanggal Efektif: Pj. "
        "Sekretariat Daerah' (kolom bergeser); dibaca tanggal efektif 17 Januari 2024 seperti "
        "SOP lain di dokumen ini.",
    ],
)
