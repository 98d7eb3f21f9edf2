"""SOP Perencanaan Pengadaan (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt. The Pelaksana marks were lost in the
conversion and no step has a Waktu; actors inferred (see NOTES). Called by
proses_utama_pengadaan (step 2).
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, text

PA = "PA/KPA"
PPK = "PPK"
UKPBJ = "Kepala UKPBJ"
JF = "Jabfung PPBJ"

SOP = Sop(
    process_id="perencanaan_pengadaan",
    title="Perencanaan Pengadaan",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Perencanaan Pengadaan.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 11 Januari 2024; tanggal revisi: -; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 7/2018 tentang Pedoman Perencanaan Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 9/2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa melalui Penyedia.""",
    lanes=[PA, PPK, UKPBJ, JF],
    parties={UKPBJ: "cross-unit", JF: "cross-unit"},
    start_name="Mulai",
    nodes=[
        Step("2", "Menetapkan PPK untuk melaksanakan Perencanaan Pengadaan Barang/Jasa", PA,
             kelengkapan=["Renja K/L/Pemda"], outputs=["Penunjukan PPK"],
             fields=[text("ppk_name", "Nama PPK yang ditetapkan")]),
        Step("3", "Melakukan inventarisir perencanaan pengadaan", PPK,
             doc="a. Jika diperlukan, menyampaikan permintaan asistensi penyusunan perencanaan "
                 "pengadaan kepada UKPBJ. b. Jika tidak, maka dilanjutkan dengan identifikasi "
                 "kebutuhan barang/jasa.",
             kelengkapan=["Penunjukan PPK", "Renja K/L/Pemda"],
             outputs=["Surat Permohonan Asistensi"],
             fields=[choice("assistance_needed", "Perlu asistensi UKPBJ?", {
                 "yes": "a. Diperlukan: menyampaikan permintaan asistensi kepada UKPBJ",
                 "no": "b. Tidak: lanjut ke identifikasi kebutuhan barang/jasa"})]),
        Decision("gw_03", "Perlu asistensi UKPBJ?", [
            Branch("Perlu asistensi", 'assistance_needed == "yes"', "step_04"),
            Branch("Tidak perlu", 'assistance_needed == "no"', "step_06"),
        ]),
        Step("4", "Menunjuk Jabfung PPBJ untuk melaksanakan asistensi perencanaan pengadaan",
             UKPBJ,
             kelengkapan=["Surat Permohonan Asistensi OPD/Unit/Satuan Kerja"],
             outputs=["Penunjukan Pengelola Pengadaan/Jabfung PPBJ"]),
        Step("5", "Mendukung kinerja PPK dalam melaksanakan perencanaan pengadaan", JF,
             kelengkapan=["Penunjukan Pengelola Pengadaan/Jabfung PPBJ"],
             outputs=["Laporan Periodik kepada Kepala UKPBJ"]),
        Step("6", "Mengidentifikasi kebutuhan barang/jasa berdasarkan Rencana Kerja (RENJA) "
                  "K/L/Pemda", PPK,
             kelengkapan=["Database Barang Milik Negara/Barang Milik Daerah",
                          "Riwayat Rencana Kebutuhan Unit/Satuan Kerja K/L/Pemda"],
             outputs=["Barang/Jasa teridentifikasi sesuai dengan kodefikasi dan kategorisasi"]),
        Step("7", "Menetapkan Barang/Jasa sesuai dengan kodefikasi dan kategorisasi", PA,
             kelengkapan=["Barang/Jasa teridentifikasi sesuai dengan kodefikasi dan "
                          "kategorisasi"],
             outputs=["Dokumen Penetapan Barang/Jasa"]),
        Step("8a", "Memasukkan rencana kebutuhan Pengadaan Barang/Jasa ke dalam RKA-KL "
                   "atau RKA-PD", PA,
             doc="Memasukan rencana kebutuhan Pengadaan Barang/Jasa ke dalam Rencana Kerja "
                 "Kementerian/Lembaga (RKA-KL) atau Rencana Kerja Anggaran Perangkat Daerah "
                 "(RKA-PD). (Langkah bernomor 8 yang pertama pada SOP.)",
             kelengkapan=["Dokumen Penetapan Barang/Jasa"],
             outputs=["Kebutuhan Barang/Jasa terdaftar dalam RKA-KL atau RKA-PD"]),
        Step("8b", "Menentukan cara Pengadaan Barang/Jasa", PA,
             doc="Langkah bernomor 8 yang kedua pada SOP.",
             kelengkapan=["RKA-KL/RKA-PD"], outputs=["Cara pengadaan sudah ditentukan"],
             attachments=[],
             fields=[choice("procurement_method", "Cara pengadaan", {
                 "self_managed": "Swakelola", "provider": "Melalui Penyedia",
                 "both": "Swakelola dan Penyedia"})]),
        Step("9", "Menyusun Spesifikasi Teknis/KAK, RAB/Perkiraan Biaya, Pemaketan dan "
                  "Rencana Jadwal Pengadaan Barang/Jasa", PPK,
             doc="Menyusun: 1. Spesifikasi Teknis (Pengadaan Barang, Konstruksi, Jasa Lainnya)/"
                 "Kerangka Acuan Kerja (Jasa Konsultansi); 2. RAB/Perkiraan Biaya; "
                 "3. Pemaketan; 4. Rencana Jadwal Pengadaan Barang/Jasa.",
             kelengkapan=["RKA-KL/RKA-PD"],
             outputs=["Spesifikasi Teknis/KAK", "RAB", "Daftar Paket PBJ", "Rencana Jadwal"]),
        Step("10", "Menetapkan dan mengumumkan Rencana Umum Pengadaan (RUP) melalui SIRUP", PA,
             kelengkapan=["Rencana Jadwal", "Pagu", "Spesifikasi Teknis/KAK",
                          "Daftar Paket PBJ"],
             outputs=["RUP ditetapkan dan diumumkan"], attachments=["Pengumuman RUP"],
             fields=[text("rup_id", "Kode RUP pada SIRUP")]),
        End("end", "Selesai: RUP ditetapkan dan diumumkan"),
    ],
    notes=[
        'Pihak: PA/KPA dan PPK di perangkat daerah yang memulai; Kepala UKPBJ dan Jabfung PPBJ di UKPBJ: lintas unit.',
        "Simbol Pelaksana hilang; pelaksana disimpulkan dari Kualifikasi Pelaksana (PA/KPA: "
        "sampai penetapan dan penerbitan RUP; PPK: menyusun KAK/Spesifikasi Teknis, RAB, "
        "Pemaketan dan Penjadwalan; Kepala UKPBJ: memilih personel asistensi; Jabfung PPBJ: "
        "asistensi) dan Perpres 16/2018: 2 PA/KPA; 3 PPK; 4 Kepala UKPBJ; 5 Jabfung PPBJ; "
        "6 PPK (PPK ditetapkan pada langkah 2 untuk melaksanakan perencanaan); 7, 8a, 8b PA/KPA "
        "(penetapan barang/jasa, RKA dan cara pengadaan adalah keputusan pengguna anggaran); "
        "9 PPK; 10 PA/KPA.",
        "Baris '1 Mulai' dan '11 Selesai' adalah peristiwa mulai/akhir, bukan tugas.",
        "Kolom Mutu Baku tiga baris pertama bergeser satu baris: baris 'Mulai' memuat "
        "Renja K/L/Pemda -> Penunjukan PPK (milik langkah 2), baris 2 memuat Penunjukan PPK, "
        "Renja -> Surat Permohonan Asistensi (milik langkah 3), baris 3 kosong. Mutu Baku "
        "dipasang pada langkah 2 dan 3 sesuai isinya.",
        "Nomor 8 dipakai dua kali (memasukkan ke RKA; menentukan cara pengadaan): menjadi "
        "8a (step_08a) dan 8b (step_08b).",
        "Langkah 3a/3b adalah keputusan (perlu asistensi?): 'Perlu' ke langkah 4 -> 5 -> 6, "
        "'Tidak' langsung ke langkah 6 (digabung sebelum langkah 6). Langkah 5 (mendukung "
        "kinerja PPK) dimodelkan berurutan sebelum langkah 6 seperti penomoran SOP; tugas "
        "selesai ketika penugasan asistensi berjalan dan laporan periodik disampaikan.",
        "Kolom Waktu kosong pada semua langkah: tanpa timer.",
        "Langkah 8b: isian 'Cara pengadaan' (swakelola/penyedia) ditambahkan sebagai data "
        "keluaran; tidak dipakai gateway.",
        "Langkah 9 'Pemarketan' dibaca 'Pemaketan'.",
    ],
)
