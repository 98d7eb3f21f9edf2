"""SOP Persiapan Pengadaan (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt. The Pelaksana marks were lost in the
conversion and no step has a Waktu; actors inferred (see NOTES). Called by
proses_utama_pengadaan (step 3).
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, number

PA = "PA/KPA"
PPK = "PPK"
UKPBJ = "Kepala UKPBJ"
JF = "Jabfung PPBJ"

SOP = Sop(
    process_id="persiapan_pengadaan",
    title="Persiapan Pengadaan",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Persiapan Pengadaan.
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 7/2018 tentang Pedoman Perencanaan Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 9/2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa melalui Penyedia; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan.""",
    lanes=[PA, PPK, UKPBJ, JF],
    parties={UKPBJ: "cross-unit", JF: "cross-unit"},
    start_name="Mulai",
    nodes=[
        Step("2", "Menyampaikan RUP dan dokumen terkait perencanaan lainnya", PA,
             kelengkapan=["RUP", "Dokumen Lain"],
             outputs=["RUP dan Dokumen Lain tersampaikan"], attachments=["RUP", "Dokumen Lain"]),
        Step("3", "Melaksanakan reviu Spesifikasi Teknis/KAK dan Perkiraan Biaya/RAB", PPK,
             doc="Melaksanakan reviu: 1. Spesifikasi Teknis/KAK; 2. Perkiraan Biaya/RAB.",
             kelengkapan=["Draft Spesifikasi Teknis/KAK", "RKA-KP/PD", "Pagu DPA/DIPA"],
             outputs=["Laporan Hasil Reviu Spesifikasi Teknis/KAK & Perkiraan Biaya/RAB"]),
        Step("4", "Memberikan persetujuan Spesifikasi Teknis/KAK & RAB", PA,
             kelengkapan=["Laporan Hasil Reviu Spesifikasi Teknis/KAK & RAB"],
             outputs=["Persetujuan PA/KPA terhadap Spesifikasi Teknis/KAK & RAB"]),
        Step("5", "Menyusun HPS dan Rancangan Kontrak", PPK,
             doc="a. Jika diperlukan meminta pendampingan penyusunan HPS dan Rancangan Kontrak; "
                 "b. Jika tidak, maka dilanjutkan dengan penetapan Spesifikasi Teknis/KAK, HPS, "
                 "dan Rancangan Kontrak.",
             kelengkapan=["Spesifikasi Teknis/KAK", "RAB", "Pagu DPA/DIPA"],
             outputs=["HPS dan Rancangan Kontrak tersusun"],
             attachments=["Draft HPS", "Draft Rancangan Kontrak",
                          "Permintaan Pendampingan Persiapan Pengadaan"],
             fields=[choice("assistance_needed", "Perlu pendampingan UKPBJ?", {
                 "yes": "a. Diperlukan: meminta pendampingan penyusunan HPS dan Rancangan "
                        "Kontrak",
                 "no": "b. Tidak: dilanjutkan dengan penetapan Spesifikasi Teknis/KAK, HPS "
                       "dan Rancangan Kontrak"})]),
        Decision("gw_05", "Perlu pendampingan?", [
            Branch("Perlu pendampingan", 'assistance_needed == "yes"', "step_06"),
            Branch("Tidak perlu", 'assistance_needed == "no"', "step_08"),
        ]),
        Step("6", "Memerintahkan untuk melaksanakan pendampingan penyusunan HPS dan "
                  "Rancangan Kontrak", UKPBJ,
             kelengkapan=["Permintaan Pendampingan Persiapan Pengadaan"],
             outputs=["Penugasan Pendampingan Persiapan Pengadaan"],
             attachments=["Surat Tugas Pendampingan"]),
        Step("7", "Mendampingi penyusunan HPS dan Rancangan Kontrak", JF,
             kelengkapan=["Surat Tugas Pendampingan"], outputs=["Pendampingan"],
             attachments=[]),
        Step("8", "Menetapkan Spesifikasi Teknis/KAK, HPS dan Rancangan Kontrak", PPK,
             doc="Menetapkan: 1. Spesifikasi Teknis/KAK; 2. HPS; 3. Rancangan Kontrak.",
             kelengkapan=["Draft KAK/Spesifikasi Teknis", "Draft HPS",
                          "Draft Rancangan Kontrak"],
             outputs=["Spesifikasi Teknis/KAK, HPS, Rancangan Kontrak ditetapkan"],
             attachments=["Spesifikasi Teknis/KAK", "HPS", "Rancangan Kontrak"],
             fields=[number("hps_value", "Nilai HPS (Rp)")]),
        Step("9", "Menyusun dan menetapkan Dokumen Persiapan Pengadaan", PPK,
             kelengkapan=["HPS", "Spesifikasi Teknis/KAK", "Rancangan Kontrak"],
             outputs=["Dokumen Persiapan Pengadaan"]),
        End("end", "Selesai: Dokumen Persiapan Pengadaan ditetapkan"),
    ],
    notes=[
        'Pihak: PA/KPA dan PPK di perangkat daerah yang memulai; Kepala UKPBJ dan Jabfung PPBJ di UKPBJ: lintas unit.',
        "Simbol Pelaksana hilang; pelaksana disimpulkan dari Kualifikasi Pelaksana (PA/KPA: "
        "sampai RUP dan dokumen persiapan disampaikan kepada PPK; PPK: penetapan "
        "KAK/Spesifikasi Teknis, penyusunan dan penetapan HPS dan Rancangan Kontrak; Kepala "
        "UKPBJ: memilih personel asistensi; Jabfung PPBJ: asistensi): 2 PA/KPA; 3 PPK; "
        "4 PA/KPA (persetujuan PA/KPA, sesuai Output); 5 PPK; 6 Kepala UKPBJ; 7 Jabfung PPBJ; "
        "8 dan 9 PPK.",
        "Baris '1 Mulai' dan '10 Selesai' adalah peristiwa mulai/akhir, bukan tugas; "
        "Kelengkapan/Output baris 10 mengulang langkah 9 dan diabaikan.",
        "Langkah 4 hanya menyebut 'memberikan persetujuan' tanpa alternatif koreksi: tidak "
        "dibuat gateway (tidak ada keputusan dalam teks).",
        "Langkah 5a/5b adalah keputusan (perlu pendampingan?): 'Perlu' ke langkah 6 -> 7 -> 8, "
        "'Tidak' langsung ke langkah 8 (digabung sebelum langkah 8).",
        "Kolom Waktu kosong pada semua langkah: tanpa timer.",
        "Nilai HPS (langkah 8) ditambahkan sebagai isian data untuk SOP yang memanggil proses "
        "ini.",
    ],
)
