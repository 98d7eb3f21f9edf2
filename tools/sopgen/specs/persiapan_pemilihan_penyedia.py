"""SOP Persiapan Pemilihan Penyedia (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt. The Pelaksana marks were lost in the
conversion and no step has a Waktu; actors inferred (see NOTES). Called by
proses_utama_pengadaan (step 4).
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, text, date

PPK = "PPK"
UKPBJ = "Kepala UKPBJ"
POKJA = "Pokja Pemilihan"

SOP = Sop(
    process_id="persiapan_pemilihan_penyedia",
    title="Persiapan Pemilihan Penyedia",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Persiapan Pemilihan Penyedia.
Nomor SOP: tertulis '16 Januari 2024' (nomor SOP lain dalam keputusan yang sama: 16 Tahun 2024). Pemerintah Kota Pagar Alam, Bagian Pengadaan Barang/Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Dasar hukum (ringkas): UU 25/2009 tentang Pelayanan Publik; UU 30/2014 tentang Administrasi Pemerintahan; PP 82/2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 7/2018 tentang Pedoman Perencanaan Pengadaan Barang/Jasa Pemerintah; Peraturan LKPP 9/2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa melalui Penyedia; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan.""",
    lanes=[PPK, UKPBJ, POKJA],
    parties={UKPBJ: "cross-unit", POKJA: "cross-unit"},
    start_name="Mulai",
    nodes=[
        Step("2", "Menyampaikan permintaan pemilihan Penyedia", PPK,
             kelengkapan=["SK Penetapan PPK", "Dokumen Persiapan Pengadaan",
                          "Dokumen Anggaran Belanja (RKA-KL/Pemda)", "ID Paket RUP",
                          "Rencana Waktu Penggunaan Barang/Jasa",
                          "Surat permohonan pelaksanaan pemilihan penyedia"],
             outputs=["Permintaan pemilihan penyedia tersampaikan"],
             attachments=["Surat permohonan pelaksanaan pemilihan penyedia",
                          "Dokumen Persiapan Pengadaan"],
             fields=[text("rup_package_id", "ID Paket RUP")]),
        Step("3", "Menetapkan Pokja Pemilihan", UKPBJ,
             kelengkapan=["Dokumen Persiapan Pengadaan"],
             outputs=["Surat Penetapan Pokja Pemilihan"]),
        Step("4", "Melakukan reviu terhadap Dokumen Persiapan Pengadaan melalui Penyedia",
             POKJA,
             doc="a. Jika lengkap dilanjutkan dengan penetapan metode pemilihan; b. Jika tidak "
                 "lengkap disampaikan kepada PPK untuk diperbaiki.",
             kelengkapan=["Dokumen Persiapan Pengadaan"],
             outputs=["Hasil Reviu Dokumen Persiapan Pemilihan"],
             fields=[choice("completeness", "Hasil reviu", {
                 "complete": "a. Lengkap: dilanjutkan dengan penetapan metode pemilihan",
                 "incomplete": "b. Tidak lengkap: disampaikan kepada PPK untuk diperbaiki"})]),
        Decision("gw_04", "Dokumen Persiapan Pengadaan lengkap?", [
            Branch("Lengkap", 'completeness == "complete"', "step_06"),
            Branch("Tidak lengkap", 'completeness == "incomplete"', "step_05"),
        ]),
        Step("5", "Memperbaiki Dokumen Persiapan Pengadaan dan/atau menyampaikan kembali "
                  "kepada Pokja Pemilihan", PPK,
             kelengkapan=["Dokumen Persiapan Pengadaan", "Hasil Reviu Pokja"],
             outputs=["Perbaikan Dokumen Persiapan Pengadaan"],
             next="step_04"),
        Step("6", "Menetapkan metode pemilihan, kualifikasi, evaluasi dan penyampaian "
                  "penawaran", POKJA,
             doc="Menetapkan: 1. Metode Pemilihan Penyedia; 2. Metode Penetapan Kualifikasi; "
                 "3. Metode Evaluasi Penawaran; dan 4. Metode Penyampaian Penawaran.",
             kelengkapan=["Dokumen Persiapan Pengadaan"],
             outputs=["Metode pemilihan penyedia, penetapan kualifikasi, evaluasi dokumen "
                      "penawaran, dan penyampaian penawaran ditetapkan"],
             attachments=["Penetapan metode pemilihan"],
             fields=[text("selection_method", "Metode pemilihan penyedia"),
                     text("qualification_method", "Metode penetapan kualifikasi"),
                     text("evaluation_method", "Metode evaluasi penawaran"),
                     text("submission_method", "Metode penyampaian penawaran")]),
        Step("7", "Menyusun dan menetapkan Jadwal Pemilihan", POKJA,
             kelengkapan=["Dokumen Persiapan Pengadaan", "Metode Pemilihan", "RUP"],
             outputs=["Jadwal Pemilihan ditetapkan"], attachments=["Jadwal Pemilihan"],
             fields=[date("selection_start", "Tanggal mulai pemilihan")]),
        Step("8", "Menyusun dan menetapkan Dokumen Pemilihan", POKJA,
             kelengkapan=["Dokumen Persiapan Pengadaan", "Metode Pemilihan",
                          "Jadwal Pelaksanaan"],
             outputs=["Dokumen Pemilihan"]),
        End("end", "Selesai: Dokumen Pemilihan ditetapkan"),
    ],
    notes=[
        'Pihak: PPK di perangkat daerah yang memulai; Kepala UKPBJ dan Pokja Pemilihan di UKPBJ: lintas unit.',
        "Simbol Pelaksana hilang; pelaksana disimpulkan dari teks dan Kualifikasi Pelaksana: "
        "2 PPK (menyampaikan permintaan); 3 Kepala UKPBJ (menunjuk Pokja Pemilihan); 4 Pokja "
        "Pemilihan (reviu; 'disampaikan kepada PPK untuk diperbaiki'); 5 PPK (memperbaiki dan "
        "menyampaikan kembali kepada Pokja); 6, 7, 8 Pokja Pemilihan (persiapan pemilihan, "
        "menyusun Dokumen Pemilihan).",
        "Baris '1 Mulai' dan '9 Selesai' adalah peristiwa mulai/akhir, bukan tugas.",
        "Langkah 4: keputusan lengkap/tidak lengkap; 'Tidak lengkap' ke langkah 5 (PPK) yang "
        "kembali ke reviu langkah 4 (gabungan sebelum langkah 4); 'Lengkap' ke langkah 6.",
        "Kolom Waktu kosong pada semua langkah: tanpa timer.",
        "Nomor SOP tertulis '16 Januari 2024' (salah ketik); dicatat apa adanya dalam "
        "dokumentasi proses.",
        "Output langkah 5 'Perbaiki Dokumen Persiapan Pengadaan' dibaca 'Perbaikan Dokumen "
        "Persiapan Pengadaan'.",
    ],
)
